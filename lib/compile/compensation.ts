/**
 * Compensation (saga): when a step fails, the compensations of the steps that had completed run in
 * reverse order, then the execution fails with the original error. A compensation that fails (after
 * its retries) does not stop the others; the execution then fails with Aethon.CompensationFailed,
 * whose cause holds the original error and every compensation that failed.
 *
 * Compiled into plain ASL so that AWS and the local engine run the same thing: each compensable
 * task records its input and result in a variable; every later failable step gets a catch-all that
 * saves the error and enters the chain "Compensate <last>" -> ... -> "Compensate <first>" -> Fail;
 * a `fail` step, and a choice without a default, enter the chain the same way. A step marked
 * `undoOnFailure: false` enters no chain: its failure leaves the completed steps in place. A
 * compensation with `on` is preceded by a Choice that runs it only for those errors. Which steps have
 * completed must be known statically, so a step reached along paths that completed different
 * compensable steps is an error (`ambiguous-compensation`). Compensable steps inside a Map or
 * Parallel are undone only when their own iteration or branch fails (`nested-compensation`).
 */
import { AethonErrors, StatesErrors } from '../contracts/index.ts';
import { edgesOf, startOf, type Diagnostic, type SpecPath, type StepsSpec, type TaskStepSpec } from '../spec/index.ts';
import { compact, LAMBDA_INVOKE, type AslCatcher, type AslState } from './asl.ts';
import { renderTaskRetry } from './retry.ts';
import type { CompileContext } from './states/context.ts';
import { executionContextTemplate } from './states/task.ts';

const FAILURE_VARIABLE = 'aethonFailure';
/** The compensations that failed on the way through the chain: [{ step, error, cause }]. */
const COMPENSATION_FAILURES = 'aethonCompensationFailures';
/**
 * Step Functions caps a cause at 32,768 characters and a Lambda cause carries a stack trace: the
 * CompensationFailed cause keeps the head of each, room for the original and a dozen failures.
 */
const ORIGINAL_CAUSE_CHARS = 8_000;
const FAILED_CAUSE_CHARS = 2_000;

export interface CompensationPlan {
  /** Extra states to add to the scope. */
  readonly states: Record<string, AslState>;
  /** Extra state -> the step it undoes (absent for the chain's shared states, such as its Fail). */
  readonly undoes: ReadonlyMap<string, string>;
  readonly diagnostics: Diagnostic[];
}

/** Adds compensation to a scope's rendered states (mutating them) and returns the extra states. */
export function planCompensation(
  steps: StepsSpec,
  startAt: string | undefined,
  rendered: Record<string, AslState>,
  scope: { readonly path: SpecPath; readonly label: string },
  ctx: CompileContext,
): CompensationPlan {
  const compensable = Object.entries(steps).filter((e): e is [string, TaskStepSpec] => e[1].type === 'task' && !!e[1].compensate);
  if (compensable.length === 0) return { states: {}, undoes: new Map(), diagnostics: [] };

  const { completedBefore, diagnostics } = completedCompensables(steps, startAt, scope.path);
  if (diagnostics.length > 0) return { states: {}, undoes: new Map(), diagnostics };
  const warnings: Diagnostic[] = scope.label
    ? compensable.map(([name]) => ({
        code: 'nested-compensation',
        severity: 'warning' as const,
        message: `'${name}' runs inside '${scope.label}': it is compensated when a later step of its own iteration or branch fails, not when a step outside fails`,
        path: [...scope.path, name],
        hint: 'to undo it after a later failure outside, make the compensable work a step of the enclosing workflow',
      }))
    : [];

  const taken = ctx.stateNames;
  const uniqueName = (wanted: string) => {
    let name = wanted;
    for (let i = 2; taken.has(name); i++) name = `${wanted} (${i})`;
    taken.add(name);
    return name;
  };
  const failName = uniqueName(scope.label ? `Fail after compensation (${scope.label})` : 'Fail after compensation');
  const stateFor = new Map(compensable.map(([name]) => [name, uniqueName(`Compensate ${name}`)]));
  // Where the chain enters a step's undo: its Choice when `on` restricts the errors, else the task.
  const entryFor = new Map(compensable.map(([name, step]) => [name, undoErrors(step) ? uniqueName(`Compensate ${name}?`) : stateFor.get(name)!]));
  const undoes = new Map<string, string>();
  for (const [name] of compensable) for (const state of new Set([stateFor.get(name)!, entryFor.get(name)!])) undoes.set(state, name);
  const variableFor = new Map(compensable.map(([name], i) => [name, `compensate${i}_${name.replace(/[^A-Za-z0-9]+/g, '_')}`]));

  const states: Record<string, AslState> = {};
  for (const [name, step] of compensable) {
    const variable = variableFor.get(name)!;
    const state = rendered[name]!;
    rendered[name] = withField(state, 'Assign', {
      ...(state.Assign as Record<string, unknown> | undefined),
      // What the handler got (its `input` template, else the state input), as CompensationEvent promises.
      [variable]: { input: step.input ?? '{% $states.input %}', result: '{% $states.result.Payload %}' },
    });
    const before = completedBefore.get(name) ?? [];
    const nextInChain = before.length > 0 ? entryFor.get(before.at(-1)!)! : failName;
    const errors = undoErrors(step);
    if (errors) {
      states[entryFor.get(name)!] = {
        Type: 'Choice',
        Comment: `Undo '${name}' only for ${errors.join(', ')}`,
        Choices: [{ Condition: `{% ${errorMatches(`$${FAILURE_VARIABLE}.Error`, errors)} %}`, Next: stateFor.get(name)! }],
        Default: nextInChain,
      };
    }
    const fn = ctx.functions.addCompensation(name, step);
    const retry = typeof step.compensate === 'object' ? step.compensate.retry : undefined;
    states[stateFor.get(name)!] = compact({
      Type: 'Task',
      Comment: `Undo '${name}' after a later step failed`,
      Resource: LAMBDA_INVOKE,
      Arguments: {
        FunctionName: fn.placeholder,
        Payload: {
          input: `{% $${variable}.input %}`,
          result: `{% $${variable}.result %}`,
          error: `{% $${FAILURE_VARIABLE} %}`,
          context: executionContextTemplate(ctx.spec.name),
        },
      },
      Output: '{% $states.input %}',
      TimeoutSeconds: fn.timeoutSeconds,
      Retry: renderTaskRetry(retry, ctx.spec.defaults?.retry),
      // A compensation that fails still lets the earlier ones run; the failure is kept for the end.
      Catch: [
        {
          ErrorEquals: [StatesErrors.ALL],
          Next: nextInChain,
          Output: '{% $states.input %}',
          Assign: {
            [COMPENSATION_FAILURES]: `{% $append($${COMPENSATION_FAILURES}, [{ "step": ${JSON.stringify(name)}, "error": $states.errorOutput.Error, "cause": $substring($states.errorOutput.Cause, 0, ${FAILED_CAUSE_CHARS}) }]) %}`,
          },
        },
      ],
      Next: nextInChain,
    });
  }
  const anyFailed = `$count($${COMPENSATION_FAILURES}) > 0`;
  states[failName] = {
    Type: 'Fail',
    Error: `{% ${anyFailed} ? '${AethonErrors.COMPENSATION_FAILED}' : $${FAILURE_VARIABLE}.Error %}`,
    Cause: `{% ${anyFailed} ? $string({ "error": $${FAILURE_VARIABLE}.Error, "cause": $substring($${FAILURE_VARIABLE}.Cause, 0, ${ORIGINAL_CAUSE_CHARS}), "failedCompensations": $${COMPENSATION_FAILURES} }) : $${FAILURE_VARIABLE}.Cause %}`,
  };
  /** What a state assigns as it enters the chain, for a given failure. */
  const entering = (failure: unknown) => ({ [FAILURE_VARIABLE]: failure, [COMPENSATION_FAILURES]: [] });

  for (const [name, state] of Object.entries(rendered)) {
    const done = completedBefore.get(name) ?? [];
    if (done.length === 0 || !undoesOnFailure(steps[name])) continue;
    const chain = entryFor.get(done.at(-1)!)!;
    if (state.Type === 'Fail') {
      // A deliberate failure is a failure too: undo what completed, then fail with its error.
      rendered[name] = compact({
        Type: 'Pass',
        Comment: `Fail with ${String(state.Error ?? 'an error')} once the completed steps are compensated`,
        Assign: entering({ Error: state.Error ?? '', Cause: state.Cause ?? '' }),
        Next: chain,
      });
      continue;
    }
    if (state.Type === 'Choice' && state.Default === undefined) {
      const noMatch = uniqueName(`No choice matched (${name})`);
      states[noMatch] = {
        Type: 'Pass',
        Comment: `'${name}' matched no choice: undo what completed, then fail with States.NoChoiceMatched`,
        Assign: entering({ Error: StatesErrors.NO_CHOICE_MATCHED, Cause: `No choice of '${name}' matched and it has no default.` }),
        Next: chain,
      };
      rendered[name] = { ...state, Default: noMatch };
      continue;
    }
    if (!['Task', 'Map', 'Parallel'].includes(state.Type)) continue;
    const catchers = (state.Catch as AslCatcher[] | undefined) ?? [];
    if (catchers.some((c) => c.ErrorEquals.includes(StatesErrors.ALL))) continue; // the user handles every error here
    rendered[name] = withField(state, 'Catch', [
      ...catchers,
      {
        ErrorEquals: [StatesErrors.ALL],
        Next: chain,
        Output: '{% $states.input %}',
        Assign: entering('{% $states.errorOutput %}'),
      },
    ]);
  }
  return { states, undoes, diagnostics: warnings };
}

/** The errors that undo a step, or undefined when every error does (the default). */
function undoErrors(step: TaskStepSpec): readonly string[] | undefined {
  const on = typeof step.compensate === 'object' ? step.compensate.on : undefined;
  return on && !on.includes(StatesErrors.ALL) ? on : undefined;
}

/** False on a step marked `undoOnFailure: false`; states the compiler adds have no step. */
function undoesOnFailure(step: StepsSpec[string] | undefined): boolean {
  return !step || !('undoOnFailure' in step) || step.undoOnFailure !== false;
}

/**
 * A JSONata test of an error name against ErrorEquals-style names: exact names, and
 * States.TaskFailed as ASL reads it (any error but States.Timeout).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export function errorMatches(error: string, names: readonly string[]): string {
  const exact = names.filter((n) => n !== StatesErrors.TASK_FAILED);
  const tests = exact.length > 0 ? [`${error} in ${JSON.stringify(exact)}`] : [];
  if (names.includes(StatesErrors.TASK_FAILED)) tests.push(`${error} != ${JSON.stringify(StatesErrors.TIMEOUT)}`);
  return tests.join(' or ');
}

/** Sets a field, keeping Next/End last so the emitted JSON reads in the usual ASL order. */
function withField(state: AslState, key: string, value: unknown): AslState {
  const { Next, End, [key]: _replaced, ...rest } = state as Record<string, unknown>;
  return compact({ ...rest, [key]: value, Next, End }) as unknown as AslState;
}

/** For each step, the compensable steps completed before it, in completion order. */
function completedCompensables(steps: StepsSpec, startAt: string | undefined, path: SpecPath) {
  const completedBefore = new Map<string, string[]>();
  const diagnostics: Diagnostic[] = [];
  const start = startOf(steps, startAt);
  if (!start || !steps[start]) return { completedBefore, diagnostics };
  completedBefore.set(start, []);
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const step = steps[name]!;
    const done = completedBefore.get(name)!;
    const after = step.type === 'task' && step.compensate ? [...done, name] : done;
    for (const edge of edgesOf(step)) {
      if (!steps[edge.to]) continue;
      const arriving = edge.kind === 'catch' ? done : after;
      const known = completedBefore.get(edge.to);
      if (!known) {
        completedBefore.set(edge.to, arriving);
        queue.push(edge.to);
      } else if (known.join('\u0000') !== arriving.join('\u0000')) {
        if (!diagnostics.some((d) => d.path.at(-1) === edge.to)) {
          diagnostics.push({
            code: 'ambiguous-compensation',
            severity: 'error',
            message: `step '${edge.to}' is reached after [${known.join(', ')}] and after [${arriving.join(', ')}] completed, so which compensations to run is unknown`,
            path: [...path, edge.to],
            hint: 'compensable steps must complete in the same order on every path to a later step; move the compensable step before the branch or out of the loop',
          });
        }
      }
    }
  }
  return { completedBefore, diagnostics };
}
