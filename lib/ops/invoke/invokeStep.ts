/**
 * `aethon invoke`: one task step's handler, run once through the runtime wrapper as its state
 * would run it (the same payload with an execution context, secrets, dynamic config, idempotency
 * records in the local DynamoDB, logs), without the rest of the state machine, its retries or its
 * catches. It runs on the local engine and its stores under .aethon/, as `aethon run` does.
 */
import { LocalEngine, type CapturedLog } from '../../local/localEngine.ts';
import type { HistoryEvent } from '../../local/types.ts';
import type { StoreWaitOptions } from '../../local/store/index.ts';
import { causeText } from '../executions/causeText.ts';
import { loadWorkflow } from '../workflows.ts';
import { taskStepTarget } from './taskStepDefinition.ts';

/** What to invoke, and with what. */
export interface InvokeStepRequest {
  readonly projectRoot: string;
  /** A name from workflows/ or a path. */
  readonly workflow: string;
  readonly step: string;
  /** The step's input, as its state would receive it. */
  readonly input: unknown;
  /** Variables for the handler (service URLs, AETHON_SECRET_<NAME>). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly onLog?: (log: CapturedLog) => void;
  readonly onEvent?: (event: HistoryEvent) => void;
  readonly storeWait?: StoreWaitOptions;
}

/** How the handler ended: its return value, or the error it threw (name, and the cause's message). */
export type InvokeStepOutcome = { readonly workflow: string; readonly step: string; readonly durationMs: number } & (
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: string; readonly cause: string }
);

/**
 * Invokes one task step's handler once.
 * @throws InvalidRequestError (exit 2) for an unknown workflow or step, or a step that is not a
 *   task; OpsError (exit 1) for an invalid workflow, a missing handler file included (validation
 *   names the file and the line of the step that names it)
 */
export async function invokeStep(request: InvokeStepRequest): Promise<InvokeStepOutcome> {
  const workflow = await loadWorkflow(request.projectRoot, request.workflow);
  const target = taskStepTarget(workflow, request.step);
  const engine = await LocalEngine.start({
    projectRoot: request.projectRoot,
    dynamodb: 'persistent',
    ...(request.environment ? { environment: request.environment } : {}),
    ...(request.onLog ? { onLog: request.onLog } : {}),
    ...(request.onEvent ? { onEvent: (event: HistoryEvent) => request.onEvent!(event) } : {}),
    ...(request.storeWait ? { storeWait: request.storeWait } : {}),
  });
  try {
    const run = await engine.runWorkflow({ ...workflow, definition: target.definition as unknown as typeof workflow.definition, functions: [target.function] }, { input: request.input });
    const durationMs = Math.max(0, Date.parse(run.stopDate ?? run.startDate) - Date.parse(run.startDate));
    const where = { workflow: workflow.name, step: request.step, durationMs };
    if (run.status === 'SUCCEEDED') return { ...where, ok: true, result: run.output };
    return { ...where, ok: false, error: run.error ?? run.status, cause: run.cause === undefined ? '' : causeText(run.cause) };
  } finally {
    await engine.close();
  }
}
