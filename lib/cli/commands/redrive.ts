/**
 * `aethon redrive <id|name>`: continue a failed execution from the state that failed. On AWS,
 * RedriveExecution; with `--local`, the local engine resumes it under the same name and ARN,
 * keeping the outputs of the states that had completed (lib/ops/redrive/localRedrive.ts says
 * what is and is not preserved). While `aethon dev` runs, `--local` is its RedriveExecution.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { mapRunExecutions } from '../../local/engine/index.ts';
import { LocalEngine } from '../../local/localEngine.ts';
import { InvalidRequestError, NotFoundError, OpsError, OpsExit } from '../../ops/errors.ts';
import { detailOf } from '../../ops/executions/localExecutions.ts';
import { executionConsoleUrl, resolveExecutionArn } from '../../ops/executions/awsExecutions.ts';
import { reportError } from '../../ops/format.ts';
import { parseEnvPairs } from '../../ops/jsonArgument.ts';
import { devServerOf } from '../../ops/executions/devServerClient.ts';
import { localDirOf, withLocalStore } from '../../ops/localStore.ts';
import { redriveOnAws } from '../../ops/redrive/awsRedrive.ts';
import { redriveOnDevServer } from '../../ops/redrive/devServerRedrive.ts';
import { redriveLocally, type LocalRedriveOutcome } from '../../ops/redrive/localRedrive.ts';
import { storedMapRunChildren } from '../../ops/redrive/storedMapRunChildren.ts';
import { loadWorkflow } from '../../ops/workflows.ts';
import type { CliIo } from '../io.ts';
import { isLocal, type OpsOptions } from './config.ts';
import { printDetail, stateMachineArnOf, storeWaitNote } from './executions.ts';

/** Options of `aethon redrive`. */
export interface RedriveCommandOptions extends OpsOptions {
  readonly workflow?: string;
  readonly stateMachineArn?: string;
  readonly env: readonly string[];
  readonly virtualTime: boolean;
}

/** `aethon redrive <id|name>`; returns the exit code. */
export async function redriveCommand(io: CliIo, args: readonly string[], options: RedriveCommandOptions): Promise<number> {
  try {
    if (args.length !== 1) throw new InvalidRequestError(`'aethon redrive' takes one execution id (ARN) or name, e.g. aethon redrive deploy-pipeline-3f1c... --local`);
    const idOrName = args[0]!;
    if (!isLocal(options)) {
      const named = !idOrName.startsWith('arn:') && (options.workflow || options.stateMachineArn);
      const smArn = named ? await stateMachineArnOf(io, options.workflow ? (await loadWorkflow(io.cwd, options.workflow)).name : '', options) : undefined;
      const executionArn = resolveExecutionArn(idOrName, smArn);
      const result = await redriveOnAws(new SFNClient(options.region ? { region: options.region } : {}), executionArn);
      if (options.json) io.stdout.write(JSON.stringify({ redriven: true, ...result, consoleUrl: executionConsoleUrl(executionArn) }) + '\n');
      else io.stdout.write(`redriven ${executionArn}\n  console  ${executionConsoleUrl(executionArn)}\n  follow   aethon execution ${executionArn}\n`);
      return OpsExit.OK;
    }
    const outcome = await redriveHere(io, idOrName, options);
    for (const warning of outcome.warnings) io.stderr.write(`note: ${warning}\n`);
    if (options.json) io.stdout.write(JSON.stringify({ redriven: true, resumedFrom: outcome.resumedFrom, redriveCount: outcome.redriveCount, warnings: outcome.warnings, execution: detailOf(outcome.record) }, null, 2) + '\n');
    else {
      io.stdout.write(`redriven ${outcome.record.name} from state '${outcome.resumedFrom}' (redrive ${outcome.redriveCount})\n`);
      printDetail(io, options, detailOf(outcome.record));
    }
    return outcome.record.status === 'SUCCEEDED' ? OpsExit.OK : OpsExit.FAILED;
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

/**
 * The local redrive: on the running `aethon dev` (which owns the store and the engine), else in
 * this process on the store.
 * @throws OpsError (usage) for --env or --virtual-time while `aethon dev` runs: the server's own apply
 */
async function redriveHere(io: CliIo, idOrName: string, options: RedriveCommandOptions): Promise<LocalRedriveOutcome> {
  const dev = devServerOf(localDirOf(io.cwd));
  if (dev) {
    try {
      if (options.env.length > 0 || options.virtualTime) {
        throw new OpsError(`aethon dev (pid ${dev.info.pid}, ${dev.info.endpoint}) redrives this project's executions with the --env and --virtual-time it was started with; drop them here, or stop aethon dev`, OpsExit.USAGE);
      }
      return await redriveOnDevServer(dev, idOrName);
    } finally {
      dev.client.destroy();
    }
  }
  const environment = parseEnvPairs(options.env);
  return withLocalStore(io.cwd, async (store) => {
    const record = await store.get(idOrName);
    if (!record) throw new NotFoundError(`no local execution '${idOrName}'; 'aethon executions <workflow> --local' lists them`);
    const workflow = await loadWorkflow(io.cwd, record.stateMachineName);
    const engine = await LocalEngine.start({
      projectRoot: io.cwd,
      dynamodb: 'persistent',
      environment,
      ...(options.virtualTime ? { virtualTime: true } : {}),
      onLog: ({ line }) => io.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
    });
    try {
      const children = await storedMapRunChildren(store, record);
      const redriven = await redriveLocally(workflow, record, async (resumed, input, executionName, redrive) => {
        const { logs: _logs, ...run } = await engine.runWorkflow(resumed, { input, executionName, redrive });
        return run;
      }, children);
      await store.put(redriven.record);
      // A redriven Map Run's children: the rerun ones replace their failed records.
      for (const child of mapRunExecutions(redriven.record)) await store.put(child.record);
      return redriven;
    } finally {
      await engine.close();
    }
  }, storeWaitNote(io));
}
