/**
 * What a JSONPath expression can read besides the state input: `$$` reads `context` (the context
 * object), `$name` reads `variables` (values assigned with `Assign`), and intrinsics that need
 * randomness (States.MathRandom, States.UUID) draw from `random`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
export interface PathScope {
  /** The context object, read by `$$.` paths. */
  context: unknown;
  /** Workflow variables, read by `$name` paths. */
  variables: Record<string, unknown>;
  /**
   * Uniform random numbers in [0, 1); injected so tests are deterministic.
   * @default Math.random (applied only at the engine boundary)
   */
  random?: () => number;
}
