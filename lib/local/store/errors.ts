import { ToolErrors } from '../../contracts/toolErrors.ts';
/**
 * Another process (or another open store in this process) holds the LevelDB lock of the store.
 * LevelDB allows one writer; the raw error ("IO error: lock .../LOCK: already held by process")
 * does not say what to do.
 */
export class ExecutionStoreLockedError extends Error {
  public override readonly name = ToolErrors.EXECUTION_STORE_LOCKED;
  /** The LevelDB directory that is locked. */
  public readonly directory: string;

  public constructor(directory: string, options?: { cause?: unknown }) {
    super(
      `The execution store at ${directory} is in use by another process (another 'aethon start --local', ` +
        `'send-event --local', 'redrive --local' or 'executions --local'). Wait for it to finish, or stop it.`,
      options,
    );
    this.directory = directory;
  }
}

/** A record that cannot be stored, or a store used after close(). */
export class ExecutionStoreError extends Error {
  public override readonly name = ToolErrors.EXECUTION_STORE_FAILED;
}
