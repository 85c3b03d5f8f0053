/**
 * `.waitForTaskToken` tasks on `aethon dev`: a Task state whose resource is a service integration
 * with `.waitForTaskToken` (SQS, SNS, EventBridge, ...) is taken as submitted and then waits, as on
 * AWS, until a client answers its token with SendTaskSuccess or SendTaskFailure (SendTaskHeartbeat
 * restarts its HeartbeatSeconds). The token is `$$.Task.Token`, passed wherever the state's
 * Parameters or Arguments put it. A Lambda `.waitForTaskToken` keeps running its handler.
 * After a restart such a task is invoked again and gets a new token; the old one is gone.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 */
import { StatesErrors } from '../contracts/statesErrors.ts';
import type { StateMockFunction } from '../local/mocks/index.ts';
import { TaskFailure } from '../local/taskInvoker.ts';
import { DevApiError } from './protocol.ts';

interface Waiter {
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly heartbeat: () => void;
  readonly tokens: readonly string[];
}

// Task tokens are UUIDs (lib/local/engine/states/task.ts).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tasks waiting for a callback, by token. */
export class TaskTokenRegistry {
  private readonly waiting = new Map<string, Waiter>();
  /** Per definition, once: every start of a state machine would walk its states again. */
  private readonly byDefinition = new WeakMap<Record<string, unknown>, Record<string, StateMockFunction>>();

  /** Per-state functions for the callback tasks of a definition (none when it has none). */
  statesOf(definition: Record<string, unknown>): Record<string, StateMockFunction> {
    const known = this.byDefinition.get(definition);
    if (known) return known;
    const functions: Record<string, StateMockFunction> = {};
    for (const [name, state] of callbackTasks(definition)) functions[name] = (parameters, call) => this.wait(name, state, parameters, call);
    this.byDefinition.set(definition, functions);
    return functions;
  }

  /** SendTaskSuccess. @throws DevApiError TaskDoesNotExist, InvalidOutput */
  succeed(token: unknown, outputJson: unknown): void {
    const waiter = this.take(token);
    let output: unknown;
    try {
      output = JSON.parse(String(outputJson));
    } catch (error) {
      this.waiting.set(String(token), waiter);
      throw new DevApiError('InvalidOutput', `Invalid Output: the output is not JSON: ${(error as Error).message}`);
    }
    waiter.resolve(output);
  }

  /** SendTaskFailure. @throws DevApiError TaskDoesNotExist */
  fail(token: unknown, error: unknown, cause: unknown): void {
    this.take(token).reject(new TaskFailure(typeof error === 'string' ? error : '', typeof cause === 'string' ? cause : ''));
  }

  /** SendTaskHeartbeat. @throws DevApiError TaskDoesNotExist */
  heartbeat(token: unknown): void {
    this.find(token).heartbeat();
  }

  private wait(stateName: string, state: Record<string, unknown>, parameters: unknown, call: Parameters<StateMockFunction>[1]): Promise<unknown> {
    const tokens = uuidsIn(parameters);
    if (tokens.length === 0) {
      throw new TaskFailure(StatesErrors.RUNTIME, `state '${stateName}' (${String(state.Resource)}) waits for a task token, but its Parameters/Arguments pass none: add "TaskToken.$": "$$.Task.Token" (JSONata: {% $states.context.Task.Token %})`);
    }
    call.submitted({});
    return new Promise((resolve, reject) => {
      const done = (): void => {
        for (const token of tokens) this.waiting.delete(token);
      };
      const waiter: Waiter = {
        tokens,
        heartbeat: call.heartbeat,
        resolve: (output) => {
          done();
          resolve(output);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      };
      for (const token of tokens) this.waiting.set(token, waiter);
      call.signal?.addEventListener('abort', () => waiter.reject(call.signal!.reason instanceof Error ? call.signal!.reason : new Error('the task was stopped')), { once: true });
    });
  }

  private find(token: unknown): Waiter {
    const waiter = typeof token === 'string' ? this.waiting.get(token) : undefined;
    if (!waiter) throw new DevApiError('TaskDoesNotExist', `Task Does Not Exist: no task waits for the token '${String(token)}' (it was answered, timed out, its execution ended, or the server restarted since)`);
    return waiter;
  }

  private take(token: unknown): Waiter {
    const waiter = this.find(token);
    for (const t of waiter.tokens) this.waiting.delete(t);
    return waiter;
  }
}

/** Task states (at any depth) whose resource is a non-Lambda `.waitForTaskToken` integration. */
function callbackTasks(graph: Record<string, unknown>): [string, Record<string, unknown>][] {
  const found: [string, Record<string, unknown>][] = [];
  for (const [name, state] of Object.entries((graph.States ?? {}) as Record<string, Record<string, unknown>>)) {
    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    if (state.Type === 'Task' && resource.endsWith('.waitForTaskToken') && !resource.includes(':lambda:')) found.push([name, state]);
    for (const branch of (state.Branches ?? []) as Record<string, unknown>[]) found.push(...callbackTasks(branch));
    const processor = (state.ItemProcessor ?? state.Iterator) as Record<string, unknown> | undefined;
    if (processor) found.push(...callbackTasks(processor));
  }
  return found;
}

function uuidsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (UUID.test(value)) found.push(value);
  } else if (Array.isArray(value)) for (const item of value) uuidsIn(item, found);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) uuidsIn(item, found);
  return found;
}
