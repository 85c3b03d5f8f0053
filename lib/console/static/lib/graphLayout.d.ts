/** Types of graphLayout.js, for the tests. */
export const START: string;
export const END: string;
export interface Scope {
  readonly StartAt?: string;
  readonly States?: Record<string, Record<string, unknown>>;
}
export function innerScopes(state: Record<string, unknown> | undefined): Array<{ label: string; scope: Scope }>;
export function scopeAt(definition: Scope, path: ReadonlyArray<readonly [string, number]>): Scope | undefined;
export function transitionsOf(state: Record<string, unknown>): Array<{ to: string; label: string }>;
export function layoutScope(scope: Scope): {
  width: number;
  height: number;
  nodes: Array<{ name: string; type: string; x: number; y: number; width: number; height: number }>;
  edges: Array<{ from: string; to: string; label: string; points: Array<{ x: number; y: number }> }>;
};
