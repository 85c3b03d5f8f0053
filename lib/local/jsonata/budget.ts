/**
 * The budget of one JSONata evaluation. A user's expression can recurse without end, loop by tail
 * recursion or build huge sequences; JSONata evaluates on the engine's thread in microtasks, so
 * such an expression would otherwise block every execution, timer and worker message for ever.
 *
 * The budget counts evaluation steps (AST nodes entered, through jsonata's evaluation hook) rather
 * than milliseconds, so the same expression fails the same way on a fast laptop, a loaded CI
 * runner and under a virtual clock. Every {@link JsonataLimits.stepsBetweenYields} steps the
 * evaluation yields to the event loop: timers fire (the execution's TimeoutSeconds on a real
 * clock), other executions progress, and a state that must stop (execution ended, sibling failed)
 * stops evaluating.
 */

/** Limits of one JSONata evaluation (one `{% %}` expression). These are Aethon's own: AWS documents none. */
export interface JsonataLimits {
  /**
   * AST nodes one evaluation may enter; about a second of CPU per million here.
   * @default 5_000_000
   */
  readonly maxSteps: number;
  /**
   * Nesting depth of evaluation (about three levels per nested function call).
   * @default 10_000
   */
  readonly maxDepth: number;
  /**
   * Steps between two yields to the event loop.
   * @default 10_000
   */
  readonly stepsBetweenYields: number;
}

/** The limits used when a run sets none. */
export const DEFAULT_JSONATA_LIMITS: JsonataLimits = { maxSteps: 5_000_000, maxDepth: 10_000, stepsBetweenYields: 10_000 };

/**
 * Longest sequence or array JSONata may build: the range operator (`[0..n]`), `$append` and
 * sequences (jsonata's `sequence` option), and `$range`. A state's data is at most 256 KiB, so no
 * valid input or output holds more items; the cap only stops an expression from exhausting memory.
 */
export const MAX_SEQUENCE_LENGTH = 1_000_000;

/** What an evaluation needs from the engine to stay within its budget. */
export interface EvaluationGuard {
  readonly limits: JsonataLimits;
  /** Aborted when the state must stop; the evaluation ends at its next yield with the reason. */
  readonly signal?: { readonly aborted: boolean; readonly reason: unknown };
  /**
   * Keeps a virtual clock from skipping time while the evaluation yields: computing takes no
   * virtual time, so a sibling's Wait must not overtake it.
   */
  readonly holdClock?: () => () => void;
}

/** An evaluation went past one of its limits. */
export class JsonataBudgetExceededError extends Error {
  public override readonly name = 'JsonataBudgetExceededError';

  public constructor(
    /** Which limit: `maxSteps` or `maxDepth`. */
    public readonly limit: keyof JsonataLimits,
    message: string,
  ) {
    super(message);
  }
}

/** The binding that carries an evaluation's budget: a name with a space, which no expression can write. */
export const BUDGET_BINDING = ' aethon budget';

/** The jsonata evaluation hook called as each AST node is entered. */
export const EVALUATE_ENTRY = Symbol.for('jsonata.__evaluate_entry');

/** The steps taken by one evaluation, and its hold on the clock while it yields. */
export class EvaluationBudget {
  #steps = 0;
  #release: (() => void) | undefined;

  public constructor(private readonly guard: EvaluationGuard) {}

  /** Called on every AST node; returns a promise only when it is time to yield. */
  public enter(depth: number): Promise<void> | undefined {
    const { limits } = this.guard;
    if (depth > limits.maxDepth) {
      throw new JsonataBudgetExceededError('maxDepth', `it went past the nesting depth of ${limits.maxDepth.toLocaleString('en-US')} levels (maxDepth); check for a recursive function that does not end, or rewrite it as tail-recursive`);
    }
    this.#steps++;
    if (this.#steps > limits.maxSteps) {
      throw new JsonataBudgetExceededError('maxSteps', `it went past its budget of ${limits.maxSteps.toLocaleString('en-US')} evaluation steps (maxSteps); check for a loop that does not end`);
    }
    return this.#steps % limits.stepsBetweenYields === 0 ? this.#yield() : undefined;
  }

  /** Ends the evaluation's hold on the clock. */
  public finish(): void {
    this.#release?.();
    this.#release = undefined;
  }

  async #yield(): Promise<void> {
    this.#release ??= this.guard.holdClock?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const { signal } = this.guard;
    if (signal?.aborted === true) throw new EvaluationAbortedError(signal.reason);
  }
}

/** Carries the reason a state stopped through jsonata, which would otherwise wrap it. */
export class EvaluationAbortedError extends Error {
  public constructor(public readonly reason: unknown) {
    super('The evaluation was stopped');
  }
}

/** jsonata's environment, as far as the hook reads it. */
interface HookEnvironment {
  readonly base: { readonly depth: number; lookup(name: string): unknown };
}

/** The hook installed on every compiled expression; an evaluation without a budget passes freely. */
export function enterNode(_expression: unknown, _input: unknown, environment: HookEnvironment): Promise<void> | undefined {
  const base = environment.base;
  const budget = base.lookup(BUDGET_BINDING) as EvaluationBudget | undefined;
  return budget?.enter(base.depth);
}
