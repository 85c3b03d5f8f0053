/** `aethon dev` on the console fixture project, with its state in a fresh temporary folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

/** The fixture stays in place (its handlers import lib/runtime by relative path); .aethon/ goes to a temporary folder. */
export const CONSOLE_PROJECT = join(PROJECT_ROOT, 'test/fixtures/console/project');

export function startConsoleServer(network: { readonly host?: string; readonly token?: string; readonly allowHosts?: readonly string[] } = {}): Promise<DevServer> {
  return startDevServer({ projectRoot: CONSOLE_PROJECT, localDir: mkdtempSync(join(tmpdir(), 'aethon-console-')), port: 0, announce: false, ...network });
}
