/**
 * The Lambda functions a workflow needs, one per task handler and per compensation handler.
 * Task states name them by `${Placeholder}`: CDK fills placeholders through
 * definitionSubstitutions, the local engine maps them to the handler files.
 */
import { parseDuration, parseHandlerRef, type HandlerRef, type TaskStepSpec, type WorkflowSpec } from '../spec/index.ts';

/** Lambda caps a function at 15 minutes. */
export const MAX_FUNCTION_TIMEOUT_SECONDS = 900;
/** A task with no timeout anywhere gets this one, so nothing waits forever on a hung call. */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 30;
export const DEFAULT_MEMORY_MB = 256;

export interface CompiledFunction {
  /** The definitionSubstitutions key, e.g. `Function_chargeSetupFee`. */
  readonly id: string;
  /** `${Function_chargeSetupFee}`, as it appears in the ASL. */
  readonly placeholder: string;
  readonly stepName: string;
  readonly role: 'task' | 'compensation';
  readonly handler: HandlerRef;
  /** Also the Task state's TimeoutSeconds, so the function never outlives its state. */
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Logical secret names (keys of the spec's `secrets`) this function may read. */
  readonly secrets: readonly string[];
  /**
   * The step's idempotency record. A task function runs under it; a compensation function of an
   * idempotent step releases it once the undo succeeded (see lib/runtime/idempotency).
   */
  readonly idempotency?: CompiledIdempotency;
}

export interface CompiledIdempotency {
  /** JMESPath over the step input: the record's identity. */
  readonly key: string;
  readonly ttlSeconds: number;
  /** JMESPath of what must also match to replay; absent: the key alone. */
  readonly validate?: string;
}

/** The spec's `validate` as one JMESPath: a list becomes a multiselect list, `input` the whole input. */
export function validationExpression(validate: 'input' | readonly string[] | undefined): string | undefined {
  if (validate === undefined) return undefined;
  return validate === 'input' ? '@' : `[${validate.join(', ')}]`;
}

function compiledIdempotency(step: TaskStepSpec): CompiledIdempotency | undefined {
  if (!step.idempotency) return undefined;
  const validate = validationExpression(step.idempotency.validate);
  return { key: step.idempotency.key, ttlSeconds: parseDuration(step.idempotency.ttl), ...(validate ? { validate } : {}) };
}

/** Allocates unique, readable function ids. */
export class FunctionRegistry {
  readonly functions: CompiledFunction[] = [];
  private readonly used = new Set<string>();

  constructor(private readonly spec: WorkflowSpec) {}

  addTask(stepName: string, step: TaskStepSpec): CompiledFunction {
    return this.add({
      stepName,
      role: 'task',
      handler: parseHandlerRef(step.handler),
      timeoutSeconds: this.timeoutOf(step.timeout),
      memoryMb: step.memory ?? this.spec.defaults?.memory ?? DEFAULT_MEMORY_MB,
      secrets: step.secrets ?? [],
      idempotency: compiledIdempotency(step),
    });
  }

  addCompensation(stepName: string, step: TaskStepSpec): CompiledFunction {
    const compensate = typeof step.compensate === 'string' ? { handler: step.compensate } : step.compensate!;
    return this.add({
      stepName,
      role: 'compensation',
      handler: parseHandlerRef(compensate.handler),
      timeoutSeconds: this.timeoutOf('timeout' in compensate ? compensate.timeout : undefined),
      memoryMb: step.memory ?? this.spec.defaults?.memory ?? DEFAULT_MEMORY_MB,
      // A compensation undoes what its step did, so it may read what that step reads.
      secrets: step.secrets ?? [],
      // ... and releases the step's record, so the next start performs the side effect again.
      idempotency: compiledIdempotency(step),
    });
  }

  timeoutOf(stepTimeout: string | undefined): number {
    const timeout = stepTimeout ?? this.spec.defaults?.timeout;
    return timeout ? parseDuration(timeout) : DEFAULT_TASK_TIMEOUT_SECONDS;
  }

  private add(fn: Omit<CompiledFunction, 'id' | 'placeholder'>): CompiledFunction {
    const base = `Function_${fn.stepName.replace(/[^A-Za-z0-9]+/g, '_')}${fn.role === 'compensation' ? '_Compensate' : ''}`;
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}_${i}`;
    this.used.add(id);
    const compiled = { ...fn, id, placeholder: `\${${id}}` };
    this.functions.push(compiled);
    return compiled;
  }
}
