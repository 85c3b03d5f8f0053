/** How a Task state waits on its service: the suffix of an optimized integration's ARN. */
export type IntegrationPattern = 'requestResponse' | 'sync' | 'sync:2' | 'waitForTaskToken';

/** How a Task `Resource` shows in the history: which event family and which names. */
export interface ResourceInfo {
  /** `Task` (service integrations), `LambdaFunction` (a function ARN) or `Activity`. */
  readonly family: 'Task' | 'LambdaFunction' | 'Activity';
  /** For service integrations the service, e.g. `lambda`, `states`, `aws-sdk:s3` (`resourceType` in events). */
  readonly resourceType: string;
  /**
   * For service integrations the action with its pattern suffix, as events name it
   * (`invoke`, `startExecution.sync:2`, `sendMessage.waitForTaskToken`); else the ARN.
   */
  readonly resource: string;
  /** The action without its pattern suffix (`startExecution`); the ARN for functions and activities. */
  readonly action: string;
  readonly pattern: IntegrationPattern;
  readonly region: string;
  /** Whether the integration waits for a task token callback. */
  readonly waitsForTaskToken: boolean;
}

const cache = new Map<string, ResourceInfo>();
const SERVICE = /^arn:[^:]*:states:[^:]*:[^:]*:(.+)$/;
// `.sync:2` ends in a colon and a version, so the pattern comes off before the action is split.
const PATTERN = /\.(sync(?::\d+)?|waitForTaskToken)$/;

/**
 * Classifies a Task resource ARN. Unknown forms (unsubstituted `${Placeholder}`s) count as
 * service integrations of type `unknown`, so they still get the Task* events.
 * @example describeResource('arn:aws:states:::states:startExecution.sync:2')
 *   // { family: 'Task', resourceType: 'states', resource: 'startExecution.sync:2', action: 'startExecution', pattern: 'sync:2', ... }
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_TaskScheduledEventDetails.html
 */
export function describeResource(arn: string): ResourceInfo {
  let info = cache.get(arn);
  if (info !== undefined) return info;
  // An unsubstituted `${Placeholder}` may stand for a callback integration: offer a token.
  const placeholder = /^\$\{[^}]+\}$/.test(arn);
  const region = /^arn:[^:]*:[^:]*:([a-z0-9-]+):/.exec(arn)?.[1] ?? 'us-east-1';
  const parts = arn.split(':');
  const service = SERVICE.exec(arn);
  if (service !== null && !service[1]!.startsWith('activity:')) {
    const rest = service[1]!;
    const suffix = PATTERN.exec(rest);
    const pattern: IntegrationPattern = suffix === null ? 'requestResponse' : (suffix[1] as IntegrationPattern);
    const bare = suffix === null ? rest : rest.slice(0, suffix.index);
    const cut = bare.lastIndexOf(':');
    const resourceType = cut < 0 ? bare : bare.slice(0, cut);
    const action = cut < 0 ? bare : bare.slice(cut + 1);
    const resource = suffix === null ? action : `${action}${suffix[0]}`;
    info = { family: 'Task', resourceType, resource, action, pattern, region, waitsForTaskToken: pattern === 'waitForTaskToken' };
  } else if (parts[2] === 'lambda' && parts[5] === 'function') {
    info = { family: 'LambdaFunction', resourceType: 'lambda', resource: arn, action: arn, pattern: 'requestResponse', region, waitsForTaskToken: false };
  } else if (parts[2] === 'states' && parts[5] === 'activity') {
    info = { family: 'Activity', resourceType: 'activity', resource: arn, action: arn, pattern: 'requestResponse', region, waitsForTaskToken: false };
  } else {
    info = { family: 'Task', resourceType: 'unknown', resource: arn, action: arn, pattern: 'requestResponse', region, waitsForTaskToken: placeholder };
  }
  cache.set(arn, info);
  return info;
}
