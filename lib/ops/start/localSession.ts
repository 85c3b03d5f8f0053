/** One local operation that may start executions: the store held, the engine started on demand. */
import { LocalEngine, type CapturedLog } from '../../local/localEngine.ts';
import { withLocalStore, type StoreWaitOptions } from '../localStore.ts';
import { LocalStarter } from './localStarter.ts';

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
 * as with `aethon run`, so a step keyed by its input does not repeat its side effect.
 */
export async function withLocalStarter<T>(projectRoot: string, options: LocalSessionOptions, use: (starter: LocalStarter) => Promise<T>): Promise<T> {
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
