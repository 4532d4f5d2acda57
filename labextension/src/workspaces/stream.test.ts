import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  FIRST_RETRY_MS,
  IEventSourceLike,
  IStreamEnvironment,
  MAX_RETRY_MS,
  ReconnectingStream
} from './stream';

// EventSource's readyState values (the browser's constants).
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/** An EventSource the test drives: it opens, answers an HTTP error, drops, sends. */
class FakeSource implements IEventSourceLike {
  readyState = CONNECTING;
  onopen: ((event: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: Event) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(name: string, listener: (event: Event) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = CLOSED;
  }

  open(): void {
    this.readyState = OPEN;
    this.onopen?.({} as Event);
  }

  /** An HTTP error answer (503, 404): the browser gives up on this connection. */
  refuse(): void {
    this.readyState = CLOSED;
    this.emit('error', {} as Event);
  }

  /** A dropped connection: the browser reconnects by itself. */
  drop(): void {
    this.readyState = CONNECTING;
    this.emit('error', {} as Event);
  }

  send(name: string, data: string): void {
    this.emit(name, { data } as unknown as Event);
  }

  private emit(name: string, event: Event): void {
    for (const listener of this.listeners.get(name) ?? []) {
      listener(event);
    }
  }
}

/** The sources opened and a fake clock: timers run only when the test says so. */
class FakeEnvironment implements IStreamEnvironment {
  sources: FakeSource[] = [];
  now = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  open(url: string): FakeSource {
    const source = new FakeSource(url);
    this.sources.push(source);
    return source;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(id: number): void {
    this.timers.delete(id);
  }

  get pending(): number[] {
    return [...this.timers.values()].map(timer => timer.at - this.now);
  }

  /** Move the clock to the next timer and run it; the delay it waited. */
  runNext(): number {
    const [id, timer] = [...this.timers.entries()].sort(
      (a, b) => a[1].at - b[1].at
    )[0];
    this.timers.delete(id);
    const waited = timer.at - this.now;
    this.now = timer.at;
    timer.callback();
    return waited;
  }

  get last(): FakeSource {
    return this.sources[this.sources.length - 1];
  }
}

function start(env: FakeEnvironment) {
  const events: [string, string][] = [];
  const connection: boolean[] = [];
  const stream = new ReconnectingStream(
    '/kubeflow/api/workspaces/team-a?watch=1',
    ['snapshot', 'ADDED'],
    {
      onEvent: (name, data) => events.push([name, data]),
      onConnection: open => connection.push(open)
    },
    env
  );
  return { stream, events, connection };
}

test('refused again and again: retries after 1, 2, 4, 8, 16 s, then every 30 s', () => {
  const env = new FakeEnvironment();
  const { connection } = start(env);
  const waits: number[] = [];
  for (let i = 0; i < 8; i++) {
    env.last.refuse();
    waits.push(env.runNext());
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(FIRST_RETRY_MS, 1000);
  assert.equal(MAX_RETRY_MS, 30000);
  assert.equal(env.sources.length, 9); // a new EventSource each time
  assert.ok(env.sources.every(s => s.url.endsWith('team-a?watch=1')));
  assert.ok(connection.every(open => !open));
});

test('a connection that opens starts the delays again from 1 s', () => {
  const env = new FakeEnvironment();
  const { connection } = start(env);
  env.last.refuse();
  assert.equal(env.runNext(), 1000);
  env.last.refuse();
  assert.equal(env.runNext(), 2000);
  env.last.open();
  assert.deepEqual(connection, [false, false, true]);
  env.last.refuse(); // e.g. the server restarted and answers 503 for a while
  assert.equal(env.runNext(), 1000);
});

test('a dropped connection is left to the browser, which reconnects by itself', () => {
  const env = new FakeEnvironment();
  const { connection } = start(env);
  env.last.open();
  env.last.drop();
  assert.deepEqual(connection, [true, false]);
  assert.deepEqual(env.pending, []); // no second EventSource on top of the browser's
  assert.equal(env.sources.length, 1);
  env.last.open(); // the browser's reconnect
  assert.deepEqual(connection, [true, false, true]);
});

test("the server's error event reaches the handler; the stream stays open", () => {
  const env = new FakeEnvironment();
  const { events, connection } = start(env);
  env.last.open();
  env.last.send('snapshot', '{"items": []}');
  env.last.send('error', '{"message": "The cluster is unreachable"}');
  env.last.send('ADDED', '{"item": {"name": "a"}}');
  env.last.send('BOOKMARK', '{}'); // not asked for: not delivered
  assert.deepEqual(events, [
    ['snapshot', '{"items": []}'],
    ['error', '{"message": "The cluster is unreachable"}'],
    ['ADDED', '{"item": {"name": "a"}}']
  ]);
  assert.deepEqual(connection, [true]);
  assert.deepEqual(env.pending, []);
});

test('dispose stops the pending retry and closes the connection for good', () => {
  const env = new FakeEnvironment();
  const { stream, events } = start(env);
  env.last.refuse();
  assert.deepEqual(env.pending, [1000]);
  stream.dispose();
  assert.deepEqual(env.pending, []);
  assert.equal(env.sources.length, 1);

  const env2 = new FakeEnvironment();
  const second = start(env2);
  env2.last.open();
  second.stream.dispose();
  assert.ok(env2.last.closed);
  env2.last.send('snapshot', '{"items": []}'); // a late event is dropped
  env2.last.refuse();
  assert.deepEqual(second.events, []);
  assert.deepEqual(env2.pending, []);
  assert.deepEqual(events, []);
});
