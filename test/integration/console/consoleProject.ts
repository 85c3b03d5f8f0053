/** `aethon dev` on the console fixture project, with its state in a fresh temporary folder, and raw HTTP to it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

/** The fixture stays in place (its handlers import lib/runtime by relative path); .aethon/ goes to a temporary folder. */
export const CONSOLE_PROJECT = join(PROJECT_ROOT, 'test/fixtures/console/project');

/** Its temporary .aethon/ folder is removed once `close()` has let go of the store (every caller closes it in afterAll). */
export async function startConsoleServer(network: { readonly host?: string; readonly token?: string; readonly allowHosts?: readonly string[] } = {}): Promise<DevServer> {
  const localDir = mkdtempSync(join(tmpdir(), 'aethon-console-'));
  const removeLocalDir = (): void => rmSync(localDir, { recursive: true, force: true });
  let server: DevServer;
  try {
    server = await startDevServer({ projectRoot: CONSOLE_PROJECT, localDir, port: 0, announce: false, ...network });
  } catch (error) {
    removeLocalDir();
    throw error;
  }
  return {
    ...server,
    close: async () => {
      try {
        await server.close();
      } finally {
        removeLocalDir();
      }
    },
  };
}

/** One loopback server for the calling test file: started before its tests, closed after them; read `.server` inside a test. */
export function consoleServerForFile(): { readonly server: DevServer } {
  const running: { server?: DevServer } = {};
  beforeAll(async () => {
    running.server = await startConsoleServer();
  }, 60_000);
  afterAll(async () => {
    await running.server?.close();
  });
  return {
    get server(): DevServer {
      if (!running.server) throw new Error('the console server is read before beforeAll started it (use it inside a test)');
      return running.server;
    },
  };
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw request, so tests can send the headers a browser would (Origin, Sec-Fetch-Site, Host, Cookie). */
export function sendRaw(endpoint: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${endpoint}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
