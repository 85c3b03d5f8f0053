/** The subset of Amazon States Language (JSONata flavour) that the compiler emits. */

export type AslState = Record<string, unknown> & { readonly Type: string };

export interface AslStates {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface AslDefinition extends AslStates {
  Comment?: string;
  QueryLanguage: 'JSONata';
  TimeoutSeconds?: number;
}

export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  Output?: unknown;
  Assign?: Record<string, unknown>;
}

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** Adds `Next` or `End: true`, the way every non-terminal state ends. */
export function transition(step: { next?: string; end?: true }): { Next: string } | { End: true } {
  return step.next !== undefined ? { Next: step.next } : { End: true };
}

/** Drops undefined fields so the emitted JSON has only what was asked for. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
