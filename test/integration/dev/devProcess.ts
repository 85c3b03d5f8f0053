/** `aethon dev` as a child process, the way a user runs it, for tests that kill it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

/** A running `aethon dev` child and what it printed. */
export interface DevProcess {
  readonly child: ChildProcess;
  readonly endpoint: string;
  readonly output: () => string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/** Spawns `aethon dev --port 0 <args>` and waits until it says where it listens. */
export async function spawnDev(args: readonly string[]): Promise<DevProcess> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/aethon.js'), 'dev', '--port', '0', ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const look = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) {
        child.stdout!.off('data', look);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => reject(new Error(`aethon dev exited (${code}) before listening:\n${text}`)));
  });
  return { child, endpoint, output: () => text, exited };
}
