import { describeResource } from '../engine/resource.ts';

/**
 * The task result of a mocked response for `resource`. A Task whose Resource is a Lambda
 * function ARN returns the function's payload, and mock files write Lambda responses as the
 * Invoke response (`{ StatusCode, Payload }`, as the AWS guide's example MockConfigFile does):
 * Step Functions Local then yields the `Payload`. A response without `Payload` is taken as the
 * payload itself. Other resources (including `lambda:invoke`) get the response unchanged.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
 */
export function mockedTaskResult(resource: string, response: unknown): unknown {
  if (describeResource(resource).family !== 'LambdaFunction') return response;
  if (typeof response !== 'object' || response === null || Array.isArray(response) || !Object.hasOwn(response, 'Payload')) return response;
  return (response as { Payload: unknown }).Payload;
}
