/** How a Task `Resource` shows in the history: which event family and which names. */
export interface ResourceInfo {
  /** `Task` (service integrations), `LambdaFunction` (a function ARN) or `Activity`. */
  readonly family: 'Task' | 'LambdaFunction' | 'Activity';
  /** For service integrations, e.g. `lambda`, `dynamodb`, `aws-sdk:s3`. */
  readonly resourceType: string;
  /** For service integrations the action (`invoke`, `putItem.waitForTaskToken`), else the ARN. */
  readonly resource: string;
  readonly region: string;
  /** Whether the integration waits for a task token callback. */
  readonly waitsForTaskToken: boolean;
}

const cache = new Map<string, ResourceInfo>();
const SERVICE = /^arn:[^:]*:states:[^:]*:[^:]*:(.+)$/;

/**
 * Classifies a Task resource ARN. Unknown forms (unsubstituted `${Placeholder}`s) count as
 * service integrations of type `unknown`, so they still get the Task* events.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_TaskScheduledEventDetails.html
 */
export function describeResource(arn: string): ResourceInfo {
  let info = cache.get(arn);
  if (info !== undefined) return info;
  // An unsubstituted `${Placeholder}` may stand for a callback integration: offer a token.
  const waitsForTaskToken = arn.endsWith('.waitForTaskToken') || /^\$\{[^}]+\}$/.test(arn);
  const region = /^arn:[^:]*:[^:]*:([a-z0-9-]+):/.exec(arn)?.[1] ?? 'us-east-1';
  const parts = arn.split(':');
  const service = SERVICE.exec(arn);
  if (service !== undefined && service !== null && !service[1]!.startsWith('activity:')) {
    const rest = service[1]!;
    const cut = rest.lastIndexOf(':');
    info = cut < 0
      ? { family: 'Task', resourceType: rest, resource: rest, region, waitsForTaskToken }
      : { family: 'Task', resourceType: rest.slice(0, cut), resource: rest.slice(cut + 1), region, waitsForTaskToken };
  } else if (parts[2] === 'lambda' && parts[5] === 'function') {
    info = { family: 'LambdaFunction', resourceType: 'lambda', resource: arn, region, waitsForTaskToken };
  } else if (parts[2] === 'states' && parts[5] === 'activity') {
    info = { family: 'Activity', resourceType: 'activity', resource: arn, region, waitsForTaskToken };
  } else {
    info = { family: 'Task', resourceType: 'unknown', resource: arn, region, waitsForTaskToken };
  }
  cache.set(arn, info);
  return info;
}
