import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { TaskFailure } from '../../errors.ts';

/** The Step Functions quota on a state's input, output and a task result: 256 KiB of UTF-8. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * Serializes a value for the history and enforces the payload quota.
 * @throws TaskFailure States.DataLimitExceeded (terminal: States.ALL does not catch it)
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 */
export function serializePayload(value: unknown, what: string, stateName: string): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? 'null';
  } catch (error) {
    throw new TaskFailure(
      StatesErrors.RUNTIME,
      `The ${what} of state '${stateName}' is not JSON-serializable: ${(error as Error).message}`,
    );
  }
  // A UTF-16 unit is 1 to 3 UTF-8 bytes, so only strings in the ambiguous band need counting.
  if (json.length * 3 > MAX_PAYLOAD_BYTES) {
    const bytes = json.length > MAX_PAYLOAD_BYTES ? json.length : Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new TaskFailure(
        StatesErrors.DATA_LIMIT_EXCEEDED,
        `The ${what} of state '${stateName}' has ${bytes} bytes, over the ${MAX_PAYLOAD_BYTES}-byte (256 KiB) limit.`,
      );
    }
  }
  return json;
}
