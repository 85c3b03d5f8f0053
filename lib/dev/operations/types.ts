/** One API operation: the request body in, the response body out (errors thrown as DevApiError). */
import type { DevControlPlane } from '../DevControlPlane.ts';

export type Operation = (plane: DevControlPlane, body: Record<string, unknown>) => Promise<unknown>;

/** Operations by `X-Amz-Target` (`AWSStepFunctions.StartExecution`). */
export type OperationTable = Readonly<Record<string, Operation>>;
