import { ToolErrors } from '../contracts/toolErrors.ts';
/** A pattern EventBridge would refuse: what is wrong and where in the pattern. */
export class EventPatternError extends Error {
  override readonly name = ToolErrors.EVENT_PATTERN_INVALID;
  constructor(
    message: string,
    /** Where in the pattern, e.g. `$.detail.size[0].numeric`. */
    readonly path: string,
  ) {
    super(`${message} (at ${path} in the event pattern)`);
  }
}

/** An event that is not a PutEvents entry: every problem, one line each. */
export class MalformedEventError extends Error {
  override readonly name = ToolErrors.MALFORMED_EVENT;
  constructor(readonly problems: readonly string[]) {
    super(`the event is not a valid PutEvents entry:\n  ${problems.join('\n  ')}`);
  }
}
