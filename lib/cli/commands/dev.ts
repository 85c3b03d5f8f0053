/**
 * `aethon dev`: the long-running local control plane. It owns .aethon/ while it runs, serves the
 * Step Functions API for the SDKs, continues executions a previous run left behind, and on
 * SIGINT/SIGTERM writes every checkpoint and lets go (running executions continue next time).
 */
import { join, resolve } from 'node:path';
import { DevServerStartError, startDevServer, type DevServer } from '../../dev/index.ts';
import { MockConfigError } from '../../local/mocks/index.ts';
import { ExecutionStoreLockedError, runningDevServer } from '../../local/store/index.ts';
import { OpsError, OpsExit } from '../../ops/errors.ts';
import { parseEnvPairs } from '../../ops/jsonArgument.ts';
import { reportError } from '../../ops/format.ts';
import type { CliIo } from '../io.ts';

/** Options of `aethon dev`. */
export interface DevCommandOptions {
  readonly port?: string;
  readonly host?: string;
  readonly dir?: string;
  readonly virtualTime: boolean;
  readonly mockConfig?: string;
  readonly env: readonly string[];
  readonly allowHosts: readonly string[];
  /** Resolves when the server should stop; SIGINT or SIGTERM by default. */
  readonly stopSignal?: Promise<unknown>;
}

/** Serves until SIGINT/SIGTERM; returns the exit code. */
export async function devCommand(io: CliIo, args: readonly string[], options: DevCommandOptions): Promise<number> {
  let server: DevServer;
  try {
    if (args.length > 0) throw new OpsError(`'aethon dev' takes no arguments (got ${args.join(' ')}); the project is --dir or the current folder`, OpsExit.USAGE);
    const projectRoot = resolve(io.cwd, options.dir ?? '.');
    const already = runningDevServer(join(projectRoot, '.aethon'));
    if (already) throw new OpsError(`aethon dev already serves this project: pid ${already.pid} at ${already.endpoint} (since ${already.startedAt}); use it, or stop it first`, OpsExit.ENVIRONMENT);
    const mockConfigFile = options.mockConfig ?? io.env.SFN_MOCK_CONFIG;
    server = await startDevServer({
      projectRoot,
      port: parsePort(options.port),
      ...(options.host ? { host: options.host } : {}),
      ...(options.allowHosts.length > 0 ? { allowHosts: options.allowHosts } : {}),
      virtualTime: options.virtualTime,
      ...(mockConfigFile ? { mockConfigFile: resolve(io.cwd, mockConfigFile) } : {}),
      ...(options.env.length > 0 ? { environment: parseEnvPairs(options.env) } : {}),
      onNotice: (message) => io.stderr.write(`aethon dev: ${message}\n`),
    });
  } catch (error) {
    return reportError(io, asOpsError(error), false, (e): e is OpsError => e instanceof OpsError);
  }
  printBanner(io, server);
  await (options.stopSignal ?? untilSignal());
  io.stderr.write('aethon dev: stopping; running executions are checkpointed and continue at the next start\n');
  await server.close();
  return OpsExit.OK;
}

/** The start failures a user can fix, with their exit codes; anything else stays a crash. */
function asOpsError(error: unknown): unknown {
  if (error instanceof ExecutionStoreLockedError) return new OpsError(`${error.message} 'aethon dev' must be the only owner of the project's local state.`, OpsExit.ENVIRONMENT, { cause: error });
  if (error instanceof DevServerStartError) return new OpsError(error.message, OpsExit.ENVIRONMENT, { cause: error });
  if (error instanceof MockConfigError) return new OpsError(`the MockConfigFile (--mock-config or SFN_MOCK_CONFIG) is invalid: ${error.message}`, OpsExit.FAILED, { cause: error });
  return error;
}

/** One write, so a reader of the output sees the banner whole. */
function printBanner(io: CliIo, server: DevServer): void {
  const { plane } = server;
  const lines = [
    `aethon dev listening on ${server.endpoint}`,
    `  state machines  ${plane.registry.list().map((m) => m.name).join(', ') || 'none yet (CreateStateMachine adds some)'}`,
    ...(plane.resumed > 0 ? [`  resumed         ${plane.resumed} execution(s) that were running when the last server stopped`] : []),
    `  console         ${server.endpoint}/${server.token ? `?token=${server.token}` : ''}`,
    ...(server.token ? [`  access token    ${server.token}  (SDK: credentials.accessKeyId; also in .aethon/dev.json)`] : []),
    `  SDK             new SFNClient({ endpoint: '${server.endpoint}', region: 'us-east-1' })`,
  ];
  io.stdout.write(lines.join('\n') + '\n');
  for (const file of plane.invalidWorkflows) io.stderr.write(`warning: ${file} does not compile and is not served ('aethon validate' says why)\n`);
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 8083;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new OpsError(`--port must be a number from 0 to 65535, got '${text}'`, OpsExit.USAGE);
  return port;
}

function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
