/**
 * The execution store as the CLI's local commands see it while `aethon dev` runs: reads go
 * through the dev server's API; a write (the record of an `aethon run`) goes to its `/aethon/records`
 * route, so the server, which holds the store, writes it.
 */
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { ExecutionStore, ListExecutionsOptions } from '../../local/store/index.ts';
import type { ExecutionRecord, ExecutionStatus } from '../../local/types.ts';
import { OpsError, OpsExit } from '../errors.ts';
import { devCall, devServerExecutionArn, devServerRecord, devStateMachineArn, type DevServerConnection } from './devServerClient.ts';

/** A store over a running dev server. */
export function devServerStore(connection: DevServerConnection): ExecutionStore {
  const { client, info } = connection;
  return {
    get: async (arnOrName) => {
      const arn = await devServerExecutionArn(connection, arnOrName);
      if (arn === undefined) return undefined;
      try {
        return await devServerRecord(connection, arn);
      } catch (error) {
        if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
        throw error;
      }
    },
    list: async (options: ListExecutionsOptions = {}) => {
      if (options.stateMachineName === undefined) throw new OpsError('listing every execution at once is not served by aethon dev; name the workflow', OpsExit.USAGE);
      const name = options.stateMachineName;
      try {
        const { executions = [] } = await devCall(info, 'ListExecutions', () =>
          client.send(new ListExecutionsCommand({ stateMachineArn: devStateMachineArn(name), ...(options.status ? { statusFilter: options.status } : {}), maxResults: Math.min(options.limit ?? 1000, 1000) })),
        );
        return executions.map(
          (e): ExecutionRecord => ({ executionArn: e.executionArn!, name: e.name!, stateMachineName: name, status: e.status as ExecutionStatus, startDate: e.startDate!.toISOString(), ...(e.stopDate ? { stopDate: e.stopDate.toISOString() } : {}), input: undefined, history: [] }),
        );
      } catch (error) {
        if ((error as Error).name === 'StateMachineDoesNotExist') return [];
        throw error;
      }
    },
    put: async (record) => {
      const response = await devCall(info, 'storing the record', () =>
        fetch(`${info.endpoint}/aethon/records`, { method: 'POST', headers: { 'content-type': 'application/json', ...(info.token ? { authorization: `Bearer ${info.token}` } : {}) }, body: JSON.stringify(record) }),
      );
      if (!response.ok) throw new OpsError(`aethon dev (pid ${info.pid}) refused the record of ${record.name}: ${await response.text()}`, OpsExit.FAILED);
    },
    close: async () => client.destroy(),
  };
}
