/**
 * Builds handlers as a worker would load them, only to learn whether they build: hot reload in
 * `aethon dev` checks an edit under functions/ before new executions run it. Nothing is kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandlers } from './bundleHandler.ts';

export interface HandlerToCheck {
  /** Absolute path. */
  readonly handlerFile: string;
  readonly exportName?: string;
}

/** Each handler that fails to build, as Lambda would report its init error; [] when all build. */
export async function handlerBuildProblems(handlers: readonly HandlerToCheck[]): Promise<string[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'aethon-handler-check-'));
  try {
    const entries = handlers.map((handler, index) => ({ key: String(index), handlerFile: handler.handlerFile, where: `${handler.handlerFile} (export '${handler.exportName ?? 'handler'}')` }));
    const { outcomes } = await bundleHandlers(entries, outDir);
    return [...new Set([...outcomes.values()].flatMap((outcome) => (outcome.ok ? [] : [outcome.error.errorMessage])))];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
