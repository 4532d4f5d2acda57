/**
 * The KFP contract FAKE (tests/pipelines/kfp_fake.py: no KFP API server can run in the
 * test environment), started as a process, the one fake of KFP's API server the pytest
 * and UI tests share: its URL, what it was sent, and a way to drive it.
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');

/** A request the fake recorded (its `/_fake/requests`). */
export interface IKfpRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  authorization: string | null;
  body: any;
}

export class KfpFake {
  private process: ChildProcess | null = null;
  url = '';

  /** Start it; multi-user: experiments and runs live in namespaces, as on Kubeflow. */
  async start(options: { multiUser?: boolean } = {}): Promise<string> {
    this.process = spawn(PYTHON, [
      path.join(REPO, 'tests', 'pipelines', 'kfp_fake.py'),
      ...(options.multiUser ? ['--multi-user'] : [])
    ]);
    this.url = await new Promise<string>((resolve, reject) => {
      let text = '';
      this.process!.stdout!.on('data', chunk => {
        text += chunk;
        const found = /KFP_FAKE_URL=(\S+)/.exec(text);
        if (found) {
          resolve(found[1]);
        }
      });
      this.process!.on('exit', code =>
        reject(new Error(`fake exited ${code}`))
      );
    });
    return this.url;
  }

  /** POST a JSON body: KFP's own API (`/apis/v2beta1/...`) or the fake's `/_fake/...`. */
  async post(route: string, body: unknown = {}): Promise<any> {
    const response = await fetch(`${this.url}${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    });
    return response.json();
  }

  /** Every request KFP's client sent it, in order. */
  async requests(): Promise<IKfpRequest[]> {
    return (await fetch(`${this.url}/_fake/requests`)).json();
  }

  stop(): void {
    this.process?.kill();
  }
}
