/**
 * Reading the ARNs and URLs that dead letters carry: which rule (and so which bus), which
 * schedule, which starter function, which state machine, and the queue's region.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
 */

/**
 * A rule ARN's bus and name: `arn:aws:events:<region>:<account>:rule/<name>` is a rule of the
 * default bus, `.../rule/<bus>/<name>` one of the bus it names. Undefined for anything else.
 */
export function ruleOfArn(arn: string): { readonly bus: string; readonly name: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'events') return undefined;
  const match = /^rule\/(?:([^/]+)\/)?([^/]+)$/.exec(parts.slice(5).join(':'));
  return match ? { bus: match[1] ?? 'default', name: match[2]! } : undefined;
}

/** `arn:aws:scheduler:<region>:<account>:schedule/<group>/<name>` -> `<group>/<name>`; the ARN itself otherwise. */
export function scheduleNameOfArn(arn: string): string {
  const match = /^arn:[^:]+:scheduler:[^:]*:[^:]*:schedule\/(.+)$/.exec(arn);
  return match ? match[1]! : arn;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` -> `<name>`; the ARN itself otherwise. */
export function functionNameOfArn(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 7 && parts[2] === 'lambda' && parts[5] === 'function' ? parts[6]! : arn;
}

/** Whether the ARN names a state machine (not a version, alias or execution). */
export function isStateMachineArn(arn: string | undefined): arn is string {
  const parts = arn?.split(':') ?? [];
  return parts.length === 7 && parts[0] === 'arn' && parts[2] === 'states' && parts[5] === 'stateMachine' && parts[6] !== '';
}

/** Whether the ARN names a Lambda function (a starter). */
export function isFunctionArn(arn: string | undefined): arn is string {
  const parts = arn?.split(':') ?? [];
  return parts.length >= 7 && parts[0] === 'arn' && parts[2] === 'lambda' && parts[5] === 'function';
}

/** The region in an SQS queue URL (`https://sqs.eu-west-1.amazonaws.com/<account>/<name>`); undefined for other hosts. */
export function regionOfQueueUrl(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  // Current endpoints, and the legacy `<region>.queue.amazonaws.com` form.
  const match = /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host) ?? /^([a-z0-9-]+)\.queue\.amazonaws\.com(\.cn)?$/.exec(host);
  return match?.[1];
}

/**
 * The function ARN to invoke again for a starter: `$LATEST` dropped, any other qualifier kept.
 * A Lambda destination record names the version that ran (`...:function:<name>:$LATEST` for an
 * unqualified invoke, which is how EventBridge calls the starter); the unqualified ARN runs that
 * same $LATEST, and it is the ARN an IAM grant of lambda:InvokeFunction on the function covers
 * (a grant on the unqualified ARN does not cover `:$LATEST`). A version number or alias is
 * another piece of code, so it stays.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
 */
export function invocableFunctionArn(arn: string): string {
  const parts = arn.split(':');
  return isFunctionArn(arn) && parts.length === 8 && parts[7] === '$LATEST' ? parts.slice(0, 7).join(':') : arn;
}
