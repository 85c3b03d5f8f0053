/**
 * The Lambda entry of the config-in-force custom resource: answers CloudFormation itself (a PUT of
 * the result to the request's pre-signed ResponseURL), so no Provider framework function is needed.
 * Every outcome, an error included, is answered: an unanswered request holds the stack for an hour.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
import { AppConfigClient } from '@aws-sdk/client-appconfig';
import { applyConfigInForce, type ConfigInForceDeps, type ConfigInForceRequest } from './applyConfigInForce.ts';

/** A CloudFormation custom resource request, as Lambda receives it. */
export interface CustomResourceEvent extends ConfigInForceRequest {
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
}

/** CloudFormation shows at most about 4 KB of a failure reason. */
const MAX_REASON = 3500;

/**
 * Handles the request and answers CloudFormation.
 * @throws only when the answer cannot be delivered (Lambda then retries the invocation)
 */
export async function handleConfigInForce(
  event: CustomResourceEvent,
  deps: ConfigInForceDeps & {
    /** @default fetch */
    readonly put?: typeof fetch;
    /** Where a failure is logged (CloudWatch Logs through stderr). @default console.error */
    readonly log?: (line: string) => void;
  },
): Promise<void> {
  let body: Record<string, unknown>;
  try {
    const result = await applyConfigInForce(event, deps);
    body = { Status: 'SUCCESS', PhysicalResourceId: result.physicalResourceId, Data: result.data };
  } catch (error) {
    const reason = `${(error as Error).name}: ${(error as Error).message}`;
    (deps.log ?? console.error)(JSON.stringify({ level: 'ERROR', message: 'config in force refused or failed', logicalResourceId: event.LogicalResourceId, reason }));
    // A failed Create has no physical id yet; CloudFormation needs one all the same.
    body = { Status: 'FAILED', Reason: reason.slice(0, MAX_REASON), PhysicalResourceId: event.PhysicalResourceId ?? `${event.LogicalResourceId}-not-created` };
  }
  const text = JSON.stringify({ ...body, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId });
  // The URL is pre-signed for a PUT without a content type.
  const response = await (deps.put ?? fetch)(event.ResponseURL, { method: 'PUT', body: text, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error(`CloudFormation's response URL answered ${response.status}; the stack waits until its timeout`);
}

let client: AppConfigClient | undefined;

/** Lambda handler. */
export async function handler(event: CustomResourceEvent): Promise<void> {
  client ??= new AppConfigClient({});
  await handleConfigInForce(event, { client, now: () => Date.now() });
}
