/**
 * `aethon start --local` and the local event intake while `aethon dev` runs: the execution starts
 * on the server (StartExecution, same name rules) and the command follows it to its end, as a
 * local start does without the server.
 */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { CompiledWorkflow } from '../../compile/index.ts';
import { devCall, devExecutionArn, devServerRecord, devStateMachineArn, type DevServerConnection } from '../executions/devServerClient.ts';
import { ExecutionInputConflictError } from '../../contracts/executionInputConflict.ts';
import { type ExecutionStarter, type LocalStartOutcome } from './localStarter.ts';

/** How often the command asks whether the execution has ended. */
const POLL_MS = 100;

/** Starts on a running dev server. */
export class DevServerStarter implements ExecutionStarter {
  constructor(
    private readonly connection: DevServerConnection,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async start(workflow: CompiledWorkflow, input: unknown, name: string | undefined): Promise<LocalStartOutcome> {
    const { client, info } = this.connection;
    const inputJson = JSON.stringify(input ?? {});
    let executionArn: string;
    try {
      const started = await devCall(info, `StartExecution of ${workflow.name}`, () => client.send(new StartExecutionCommand({ stateMachineArn: devStateMachineArn(workflow.name), input: inputJson, ...(name ? { name } : {}) })));
      executionArn = started.executionArn!;
    } catch (error) {
      if ((error as Error).name !== 'ExecutionAlreadyExists' || name === undefined) throw error;
      return this.duplicate(workflow, name, inputJson);
    }
    await this.untilClosed(executionArn);
    const record = await devServerRecord(this.connection, executionArn);
    return { status: 'started', workflow: workflow.name, name: record.name, record };
  }

  private async duplicate(workflow: CompiledWorkflow, name: string, inputJson: string): Promise<LocalStartOutcome> {
    const record = await devServerRecord(this.connection, devExecutionArn(workflow.name, name));
    if (JSON.stringify(record.input ?? {}) !== inputJson) throw new ExecutionInputConflictError(workflow.name, name, record.executionArn);
    return { status: 'duplicate', workflow: workflow.name, name, executionStatus: record.status, ...(record.status !== 'RUNNING' ? { record } : {}) };
  }

  private async untilClosed(executionArn: string): Promise<void> {
    const { client, info } = this.connection;
    for (;;) {
      const { status } = await devCall(info, 'DescribeExecution', () => client.send(new DescribeExecutionCommand({ executionArn })));
      if (status !== 'RUNNING') return;
      await this.sleep(POLL_MS);
    }
  }
}
