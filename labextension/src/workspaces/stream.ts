/**
 * A server-sent event stream that reconnects. `EventSource` retries a dropped connection
 * by itself, but gives up for good on an HTTP error answer (a 503 when the server watches
 * too many namespaces, a 404): then this opens a new one after a growing delay (1 s,
 * doubling up to 30 s, back to 1 s once a connection opens). Pure: the EventSource and
 * the timer are passed in, so stream.test.ts drives it with a fake clock.
 */

/** An event's data as a JSON object; null when it is not one (not ours: ignored). */
export function parseEventObject(data: string): Record<string, any> | null {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return null;
  }
  return body !== null && typeof body === 'object'
    ? (body as Record<string, unknown>)
    : null;
}

export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 30000;

/** `EventSource.CLOSED`: the browser gave up on this connection and will not retry. */
const CLOSED = 2;

/** The part of `EventSource` used here. */
export interface IEventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  addEventListener(name: string, listener: (event: Event) => void): void;
  close(): void;
}

/** Where the stream's connections and timers come from (the browser's by default). */
export interface IStreamEnvironment {
  open(url: string): IEventSourceLike;
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

export const BROWSER: IStreamEnvironment = {
  // it sends the login cookie; a GET needs no XSRF token
  open: url => new EventSource(url, { withCredentials: true }),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: id => window.clearTimeout(id)
};

export interface IStreamHandlers {
  /** One event of the names asked for, or the server's own `error` event. */
  onEvent: (name: string, data: string) => void;
  /** True when a connection opens; false when it drops or fails. */
  onConnection: (open: boolean) => void;
}

export class ReconnectingStream {
  constructor(
    private readonly url: string,
    private readonly eventNames: readonly string[],
    private readonly handlers: IStreamHandlers,
    private readonly env: IStreamEnvironment = BROWSER
  ) {
    this.connect();
  }

  /** Close it for good: no more events, connections or retries. */
  dispose(): void {
    this.disposed = true;
    if (this.retryTimer !== undefined) {
      this.env.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.source?.close();
    this.source = null;
  }

  private connect(): void {
    this.retryTimer = undefined;
    if (this.disposed) {
      return;
    }
    const source = this.env.open(this.url);
    this.source = source;
    source.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      this.handlers.onConnection(true);
    };
    for (const name of this.eventNames) {
      source.addEventListener(name, event => this.deliver(name, event));
    }
    // The server's own `error` event (cluster unreachable) carries data; the browser's
    // connection error does not.
    source.addEventListener('error', event => {
      if (this.disposed) {
        return;
      }
      if (typeof (event as MessageEvent).data === 'string') {
        this.deliver('error', event);
        return;
      }
      this.handlers.onConnection(false);
      if (source.readyState === CLOSED) {
        this.retryTimer = this.env.setTimeout(
          () => this.connect(),
          this.retryMs
        );
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      }
    });
  }

  private deliver(name: string, event: Event): void {
    if (!this.disposed) {
      this.handlers.onEvent(name, String((event as MessageEvent).data));
    }
  }

  private source: IEventSourceLike | null = null;
  private disposed = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: number | undefined;
}
