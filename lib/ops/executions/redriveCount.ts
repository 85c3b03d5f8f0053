/** How many times an execution was redriven, read from its history (the SDK's events or the local engine's). */

/** The field read here, common to the SDK's events and the local engine's. */
type Typed = { readonly type?: string };

/** The number of ExecutionRedriven events: 0 before the first redrive (as `$$.Execution.RedriveCount` and DescribeExecution count). */
export function redriveCountOf(history: readonly Typed[]): number {
  return history.filter((event) => event.type === 'ExecutionRedriven').length;
}
