/**
 * The ARNs `aethon dev` hands out. Region and account are the local engine's own (us-east-1,
 * 123456789012), so the ARN an execution records is the one the API returns; a client configured
 * for another region still finds everything, since lookups go by name.
 */
import { DevApiError } from './protocol.ts';

const PREFIX = 'arn:aws:states:us-east-1:123456789012';

export const stateMachineArnOf = (name: string): string => `${PREFIX}:stateMachine:${name}`;
export const executionArnOf = (stateMachineName: string, executionName: string): string => `${PREFIX}:execution:${stateMachineName}:${executionName}`;

/** A state machine ARN read as Step Functions Local reads it: `<arn>#<TestCaseName>` names a mock test case. */
export interface StateMachineReference {
  readonly name: string;
  readonly testCase?: string;
}

/** The state machine a `stateMachineArn` names. @throws DevApiError InvalidArn */
export function parseStateMachineArn(arn: unknown): StateMachineReference {
  if (typeof arn !== 'string') throw new DevApiError('InvalidArn', `stateMachineArn must be a string, got ${JSON.stringify(arn)}`);
  const [base = '', testCase] = arn.split('#', 2);
  const match = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:([^:]+)(?::[^:]+)?$/.exec(base);
  if (!match) throw new DevApiError('InvalidArn', `Invalid Arn: '${arn}' is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)`);
  return { name: match[1]!, ...(testCase ? { testCase } : {}) };
}

/** The state machine and execution names an execution ARN carries. @throws DevApiError InvalidArn */
export function parseExecutionArn(arn: unknown): { readonly stateMachineName: string; readonly name: string } {
  if (typeof arn !== 'string') throw new DevApiError('InvalidArn', `executionArn must be a string, got ${JSON.stringify(arn)}`);
  const match = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:([^:]+):([^:]+)$/.exec(arn);
  if (!match) throw new DevApiError('InvalidArn', `Invalid Arn: '${arn}' is not an execution ARN (arn:aws:states:<region>:<account>:execution:<state machine>:<name>)`);
  return { stateMachineName: match[1]!, name: match[2]! };
}

/** The canonical ARN of an execution, whatever region or account the client wrote. */
export function canonicalExecutionArn(arn: unknown): string {
  const { stateMachineName, name } = parseExecutionArn(arn);
  return executionArnOf(stateMachineName, name);
}
