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
import { ToolErrors } from '../../contracts/toolErrors.ts';

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

/**
 * jsonata's options as the range operator and `$append` read them, per evaluation. They are set
 * from the evaluation's first node rather than given to `jsonata()`: given there, jsonata also
 * gives every sequence it builds its own checking `push`, which made evaluations measurably
 * slower (more garbage, arrays off their fast path).
 */
const SEQUENCE_OPTIONS = Object.freeze({ sequence: MAX_SEQUENCE_LENGTH });

/** What an evaluation needs from the engine to stay within its budget; one per execution. */
export interface EvaluationGuard {
  readonly limits: JsonataLimits;
  /**
   * Keeps a virtual clock from skipping time while the evaluation yields: computing takes no
   * virtual time, so a sibling's Wait must not overtake it.
   */
  readonly holdClock?: () => () => void;
}

/** An evaluation went past one of its limits. */
export class JsonataBudgetExceededError extends Error {
  public override readonly name = ToolErrors.JSONATA_BUDGET_EXCEEDED;

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

/**
 * jsonata's per-evaluation environment, as far as the budget uses it: `depth` (kept by jsonata on
 * every node), `guardrails` (called by jsonata on every node, synchronously) and `bind`.
 */
interface EvaluationEnvironment {
  readonly depth: number;
  options: unknown;
  guardrails: () => void;
  bind(name: string | symbol, value: unknown): void;
  lookup(name: string): unknown;
}

/**
 * The steps taken by one evaluation, and its hold on the clock while it yields.
 *
 * Counting in the evaluation hook would cost an `await` on every node (jsonata awaits the hook),
 * a tenth of a short evaluation. So the hook runs once: it takes over jsonata's synchronous
 * per-node `guardrails` call for the count and unbinds itself for the rest of the evaluation;
 * every {@link JsonataLimits.stepsBetweenYields} steps the count binds a one-shot hook again,
 * which is where the evaluation yields.
 */
/** Aborted when the state must stop; the evaluation ends at its next yield with the reason. */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
}

export class EvaluationBudget {
  #steps = 0;
  #release: (() => void) | undefined;

  public constructor(
    private readonly guard: EvaluationGuard,
    private readonly signal: StopSignal | undefined,
  ) {}

  /** Takes over counting for this evaluation's environment (called from its first node). */
  public attach(environment: EvaluationEnvironment): Promise<void> | undefined {
    if (typeof environment.guardrails !== 'function') return this.#count(environment);
    environment.bind(EVALUATE_ENTRY, undefined);
    environment.guardrails = () => void this.#count(environment);
    return this.#count(environment);
  }

  /** Ends the evaluation's hold on the clock. */
  public finish(): void {
    this.#release?.();
    this.#release = undefined;
  }

  /** One node: checks depth and steps; at each yield point, arms the one-shot hook that yields. */
  #count(environment: EvaluationEnvironment): Promise<void> | undefined {
    const { limits } = this.guard;
    if (environment.depth > limits.maxDepth) {
      throw new JsonataBudgetExceededError('maxDepth', `it went past Aethon's local limit of a nesting depth of ${limits.maxDepth.toLocaleString('en-US')} levels (jsonataLimits.maxDepth); check for a recursive function that does not end, or make it tail-recursive`);
    }
    this.#steps++;
    if (this.#steps > limits.maxSteps) {
      throw new JsonataBudgetExceededError('maxSteps', `it went past Aethon's local budget of ${limits.maxSteps.toLocaleString('en-US')} evaluation steps (jsonataLimits.maxSteps); check for a loop that does not end`);
    }
    if (this.#steps % limits.stepsBetweenYields !== 0) return undefined;
    environment.bind(EVALUATE_ENTRY, () => {
      environment.bind(EVALUATE_ENTRY, undefined);
      return this.#yield();
    });
    return undefined;
  }

  async #yield(): Promise<void> {
    this.#release ??= this.guard.holdClock?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const { signal } = this;
    if (signal?.aborted === true) throw new EvaluationAbortedError(signal.reason);
  }
}

/** Carries the reason a state stopped through jsonata, which would otherwise wrap it. */
export class EvaluationAbortedError extends Error {
  public constructor(public readonly reason: unknown) {
    super('The evaluation was stopped');
  }
}

/**
 * The hook installed on every compiled expression, called on the first node of each evaluation:
 * caps sequences, and hands counting to the budget (see {@link EvaluationBudget}); an evaluation
 * without a budget unbinds it and runs unbounded but for the sequence cap.
 */
export function enterNode(_expression: unknown, _input: unknown, environment: { readonly base: EvaluationEnvironment }): Promise<void> | undefined {
  const base = environment.base;
  base.options = SEQUENCE_OPTIONS;
  const budget = base.lookup(BUDGET_BINDING) as EvaluationBudget | undefined;
  if (budget === undefined) {
    base.bind(EVALUATE_ENTRY, undefined);
    return undefined;
  }
  return budget.attach(base);
}
