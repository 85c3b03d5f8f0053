/** One local operation that may start executions: the store held, the engine started on demand. */
import { LocalEngine, type CapturedLog } from '../../local/localEngine.ts';
import { OpsError, OpsExit } from '../errors.ts';
import { devServerOf } from '../executions/devServerClient.ts';
import { localDirOf, withLocalStore, type StoreWaitOptions } from '../localStore.ts';
import { DevServerStarter } from './devServerStarter.ts';
import { LocalStarter, type ExecutionStarter } from './localStarter.ts';

/** How the local engine of a session is started. */
export interface LocalSessionOptions {
  /** Variables for every handler (service URLs). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Skip waits and backoffs. @default false */
  readonly virtualTime?: boolean;
  readonly onLog?: (log: CapturedLog) => void;
  readonly storeWait?: StoreWaitOptions;
}

/**
 * Runs `use` with a starter over the project's store; idempotency records persist under .aethon/
 * as with `aethon run`, so a step keyed by its input does not repeat its side effect. While
 * `aethon dev` runs, executions start there instead (it owns the store and the engine).
 * @throws OpsError (usage) for --env or --virtual-time while `aethon dev` runs: the server's own apply
 */
export async function withLocalStarter<T>(projectRoot: string, options: LocalSessionOptions, use: (starter: ExecutionStarter) => Promise<T>): Promise<T> {
  const dev = devServerOf(localDirOf(projectRoot));
  if (dev) {
    if (Object.keys(options.environment ?? {}).length > 0 || options.virtualTime) {
      dev.client.destroy();
      throw new OpsError(`aethon dev (pid ${dev.info.pid}, ${dev.info.endpoint}) runs this project's executions with the --env and --virtual-time it was started with; drop them here, or stop aethon dev`, OpsExit.USAGE);
    }
    try {
      return await use(new DevServerStarter(dev));
    } finally {
      dev.client.destroy();
    }
  }
  return withLocalStore(
    projectRoot,
    async (store) => {
      const starter = new LocalStarter(
        () =>
          LocalEngine.start({
            projectRoot,
            dynamodb: 'persistent',
            recordExecutions: false,
            ...(options.environment ? { environment: options.environment } : {}),
            ...(options.virtualTime ? { virtualTime: true } : {}),
            ...(options.onLog ? { onLog: options.onLog } : {}),
            ...(options.storeWait ? { storeWait: options.storeWait } : {}),
          }),
        store,
      );
      try {
        return await use(starter);
      } finally {
        await starter.settle();
        await (await starter.engineIfStarted().catch(() => undefined))?.close();
      }
    },
    options.storeWait,
  );
}
