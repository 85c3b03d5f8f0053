/**
 * Which execution name a start gets. Names come from lib/infra's starter (the Lambda that starts
 * EventBridge-triggered executions on AWS), so the CLI, the local intake and AWS derive the same
 * name for the same workflow and key, and a duplicate is refused wherever it arrives.
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { executionNameFor } from '../../contracts/executionName.ts';
import { selectPath } from '../../contracts/selectPath.ts';
import type { EventTriggerSpec } from '../../spec/index.ts';
import { InvalidRequestError } from '../errors.ts';

export { executionNameFor, executionArnOf } from '../../contracts/executionName.ts';
export { selectPath } from '../../contracts/selectPath.ts';

/** How a start's name was chosen, for the output. */
export interface NameChoice {
  /** Undefined when there is no key: Step Functions (or the local engine) picks a unique name. */
  readonly name?: string;
  readonly key?: unknown;
  readonly keySource: '--key' | 'trigger' | 'none';
}

/** The event triggers of a workflow. */
export function eventTriggersOf(workflow: CompiledWorkflow): EventTriggerSpec['event'][] {
  return (workflow.spec.triggers ?? []).flatMap((trigger) => ('event' in trigger ? [trigger.event] : []));
}

/**
 * The name for `aethon start`: from `--key` (taken as text), else from the first event trigger's
 * idempotencyKey read over the input (the key path made relative to the trigger's input path:
 * `$.detail.releaseId` with input `$.detail` reads `$.releaseId` of the input).
 * @throws InvalidRequestError when the trigger's key is not in the input
 */
export function nameForStart(workflow: CompiledWorkflow, input: unknown, key: string | undefined): NameChoice {
  if (key !== undefined) {
    if (key === '') throw new InvalidRequestError('--key must not be empty');
    return { name: executionNameFor(workflow.name, key), key, keySource: '--key' };
  }
  const trigger = eventTriggersOf(workflow).find((t) => t.idempotencyKey);
  if (!trigger?.idempotencyKey) return { keySource: 'none' };
  const relative = relativePath(trigger.idempotencyKey, trigger.input);
  if (relative === undefined) {
    throw new InvalidRequestError(`the trigger's idempotency key ${trigger.idempotencyKey} is not inside its input ${trigger.input}, so it cannot be read from --input; pass --key`);
  }
  const value = selectPath(input, relative);
  if (value === undefined || value === null || value === '') {
    throw new InvalidRequestError(`the input has nothing at ${relative} (the trigger's idempotency key ${trigger.idempotencyKey}); add it to the input or pass --key`);
  }
  return { name: executionNameFor(workflow.name, value), key: value, keySource: 'trigger' };
}

/** `$.detail.id` relative to `$.detail` is `$.id`; undefined when the key lies outside the input. */
export function relativePath(keyPath: string, inputPath: string): string | undefined {
  if (inputPath === '$') return keyPath;
  if (keyPath === inputPath) return '$';
  if (keyPath.startsWith(inputPath) && /^[.[]/.test(keyPath.slice(inputPath.length))) return `$${keyPath.slice(inputPath.length)}`;
  return undefined;
}
