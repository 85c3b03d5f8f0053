/**
 * `aethon config get|set|history|rollback|diff <workflow> [key=value ...]`: dynamic configuration during
 * an incident, against AppConfig (default) or the local config store (`--local`). `set` checks the
 * whole new document against the workflow's JSON Schema before anything is written or sent; `diff`
 * shows what the next deploy or local run would do to the configuration in force.
 */
import { join } from 'node:path';
import { AppConfigClient } from '@aws-sdk/client-appconfig';
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseAssignments } from '../../ops/config/assignments.ts';
import { currentAuthor } from '../../ops/config/changeRecord.ts';
import { awsConfigHistory, getAwsConfig, rollbackAwsConfig, setAwsConfig, type AppConfigTarget, type AwsConfigDeps } from '../../ops/config/awsConfig.ts';
import { diffAwsConfig, diffLocalConfig } from '../../ops/config/configDiff.ts';
import { configOf } from '../../ops/config/documents.ts';
import { getLocalConfig, localConfigHistory, rollbackLocalConfig, setLocalConfig } from '../../ops/config/localConfig.ts';
import type { ConfigChangeOutcome, ConfigVersionInfo } from '../../ops/config/types.ts';
import { InvalidRequestError, OpsError, OpsExit } from '../../ops/errors.ts';
import { formatTable, formatTime, paletteFor, reportError } from '../../ops/format.ts';
import { readDeployedWorkflow, stageSourceOf, strategyIdFor } from '../../ops/aws/deployedStage.ts';
import { loadWorkflow } from '../../ops/workflows.ts';
import type { CompiledWorkflow } from '../../compile/index.ts';
import { LocalConfigStoreError } from '../../runtime/config/index.ts';
import type { CliIo } from '../io.ts';
import { printDiff } from './configDiffOutput.ts';

/** Options every operations command shares. */
export interface OpsOptions {
  readonly json: boolean;
  /** Act on the local engine, store and config store instead of AWS (also `--stage local`). */
  readonly local: boolean;
  /** @default $AETHON_STAGE or 'dev' */
  readonly stage?: string;
  /** The `cdk deploy --outputs-file` file. @default cdk-outputs.json */
  readonly outputs?: string;
  readonly region?: string;
}

/** Options of `aethon config`. */
export interface ConfigCommandOptions extends OpsOptions {
  readonly reason?: string;
  /** `incident` (default), `normal`, or a deployment strategy id. */
  readonly strategy?: string;
  /** Wait for the deployment to end. @default true */
  readonly wait: boolean;
  /** `application/environment/profile` ids, instead of cdk-outputs.json. */
  readonly appconfig?: string;
}

const SUBCOMMANDS = ['get', 'set', 'history', 'rollback', 'diff'] as const;

/** `aethon config get|set|history|rollback`; returns the exit code. */
export async function configCommand(io: CliIo, args: readonly string[], options: ConfigCommandOptions): Promise<number> {
  try {
    const [sub, name, ...rest] = args;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub) || !name) {
      throw new InvalidRequestError(`usage: aethon config get|set|history|rollback|diff <workflow> [key=value ...] [--local | --stage <s>], e.g. aethon config set deploy-pipeline deploysFrozen=true --reason "incident 42"`);
    }
    const workflow = await loadWorkflow(io.cwd, name);
    configOf(workflow);
    if (sub !== 'set' && sub !== 'rollback' && rest.length > 0) throw new InvalidRequestError(`'aethon config ${sub}' takes only the workflow; got ${rest.join(' ')}`);
    if (sub === 'set' && rest.length === 0) throw new InvalidRequestError(`'aethon config set ${name}' needs at least one key=value, e.g. deploysFrozen=true`);
    const assignments = sub === 'set' ? parseAssignments(rest) : [];
    const toVersion = sub === 'rollback' ? parseVersion(rest) : 0;
    const author = currentAuthor(io.env);
    if (isLocal(options)) {
      const localDir = join(io.cwd, '.aethon');
      const change = { author, ...(options.reason ? { reason: options.reason } : {}) };
      if (sub === 'get') return printCurrent(io, options, getLocalConfig(localDir, workflow), 'local config store');
      if (sub === 'history') return printHistory(io, options, localConfigHistory(localDir, workflow));
      if (sub === 'diff') return printDiff(io, options, diffLocalConfig(localDir, workflow), 'the next local run');
      const outcome = sub === 'set' ? setLocalConfig(localDir, workflow, assignments, change) : rollbackLocalConfig(localDir, workflow, toVersion, change);
      return printOutcome(io, options, outcome);
    }
    const target = await appConfigTarget(io, workflow, options, sub !== 'diff');
    const deps = awsDeps(io, options);
    if (sub === 'get') return printCurrent(io, options, await getAwsConfig(deps, target), `AppConfig ${target.applicationId}/${target.environmentId}/${target.profileId}`);
    if (sub === 'history') return printHistory(io, options, await awsConfigHistory(deps, target));
    if (sub === 'diff') return printDiff(io, options, await diffAwsConfig(deps, target, workflow), 'the next deploy');
    const change = { author, wait: options.wait, ...(options.reason ? { reason: options.reason } : {}) };
    const outcome = sub === 'set' ? await setAwsConfig(deps, target, workflow, assignments, change) : await rollbackAwsConfig(deps, target, workflow, toVersion, change);
    return printOutcome(io, options, outcome);
  } catch (error) {
    // A corrupt file in the local store: say which, rather than crash.
    const known =
      error instanceof LocalConfigStoreError
        ? new OpsError(`${error.message}; fix or remove the file (the history keeps every version)`, OpsExit.FAILED, { cause: error })
        : error instanceof SyntaxError && isLocal(options)
          ? new OpsError(`a file of the local config store (.aethon/config/${args[1]}) is not JSON: ${error.message}; fix or remove it`, OpsExit.FAILED, { cause: error })
          : error;
    return reportError(io, known, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

/** `--local`, or `--stage local` (the stage name the local engine gives its handlers). */
export function isLocal(options: OpsOptions): boolean {
  return options.local || options.stage === 'local';
}

/** The stage for AWS commands. */
export function stageOf(io: CliIo, options: OpsOptions): string {
  return options.stage ?? io.env.AETHON_STAGE ?? 'dev';
}

function parseVersion(rest: readonly string[]): number {
  const version = Number(rest[0]);
  if (rest.length !== 1 || !Number.isInteger(version) || version < 1) throw new InvalidRequestError(`'aethon config rollback <workflow> <version>' takes one version number, e.g. 3; 'aethon config history <workflow>' lists them`);
  return version;
}

async function appConfigTarget(io: CliIo, workflow: CompiledWorkflow, options: ConfigCommandOptions, needsStrategy: boolean): Promise<AppConfigTarget> {
  const flag = '--appconfig <application>/<environment>/<profile>';
  if (options.appconfig !== undefined) {
    const parts = options.appconfig.split('/');
    if (parts.length !== 3 || parts.some((p) => !p)) throw new InvalidRequestError(`--appconfig takes application/environment/profile ids, e.g. abc1234/def5678/ghi9012`);
    const [applicationId, environmentId, profileId] = parts as [string, string, string];
    const strategy = options.strategy ?? 'incident';
    // diff deploys nothing, so needs no strategy.
    if ((strategy === 'incident' || strategy === 'normal') && needsStrategy) {
      throw new InvalidRequestError(`with --appconfig, give the deployment strategy id too (--strategy <id>): '${strategy}' is looked up in the stage's outputs, which --appconfig bypasses`);
    }
    return { applicationId, environmentId, profileId, strategyId: strategy };
  }
  // Each workflow's application, environment and profile: a stage holds one AppConfig application per group of workflows.
  const source = stageSourceOf({
    projectRoot: io.cwd,
    stage: stageOf(io, options),
    ssm: (region) => new SSMClient(region ? { region } : {}),
    ...(options.outputs ? { outputsFile: options.outputs } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
  const deployed = await readDeployedWorkflow(source, workflow.name, flag);
  if (!deployed.appConfig) throw new InvalidRequestError(`${deployed.source} names no AppConfig profile for ${workflow.name}: it was deployed without config. Deploy the stage again ('npx cdk deploy --outputs-file cdk-outputs.json'), or pass ${flag}.`);
  const strategy = options.strategy ?? 'incident';
  if (!needsStrategy) return { ...deployed.appConfig, strategyId: '' };
  const strategyId = strategy === 'incident' || strategy === 'normal' ? await strategyIdFor(source, strategy) : strategy;
  return { ...deployed.appConfig, strategyId };
}

function awsDeps(io: CliIo, options: ConfigCommandOptions): AwsConfigDeps {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  return {
    client: new AppConfigClient(options.region ? { region: options.region } : {}),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    // Progress goes to stderr so stdout stays clean for --json; one line per change in a pipe.
    onProgress: (p) => io.stderr.write(`${tty ? '\r\u001b[2K' : ''}${p.blocking ? `waiting for deployment #${p.number} already in progress: ` : `deployment #${p.number}: `}${p.state} ${p.percentage}%${tty && !['COMPLETE', 'ROLLED_BACK', 'REVERTED'].includes(p.state) ? '' : '\n'}`),
  };
}

function printCurrent(io: CliIo, options: OpsOptions, current: ConfigVersionInfo, where: string): number {
  if (options.json) {
    io.stdout.write(JSON.stringify(current, null, 2) + '\n');
    return OpsExit.OK;
  }
  io.stdout.write(JSON.stringify(current.document, null, 2) + '\n');
  io.stderr.write(`version ${current.version} from ${where}${current.author ? `, by ${current.author}` : ''}${current.at ? ` at ${formatTime(current.at)}` : ''}${current.reason ? `: ${current.reason}` : ''}\n`);
  return OpsExit.OK;
}

function printHistory(io: CliIo, options: OpsOptions, versions: readonly ConfigVersionInfo[]): number {
  if (options.json) {
    io.stdout.write(JSON.stringify(versions, null, 2) + '\n');
    return OpsExit.OK;
  }
  const rows = versions.map((v) => [String(v.version), formatTime(v.at), v.author ?? '-', (v.rolledBackFrom ? `(rollback to ${v.rolledBackFrom}) ` : '') + (v.reason ?? '-')]);
  io.stdout.write(formatTable([['VERSION', 'TIME', 'AUTHOR', 'REASON'], ...rows]));
  return OpsExit.OK;
}

function printOutcome(io: CliIo, options: OpsOptions, outcome: ConfigChangeOutcome): number {
  const failed = outcome.deployment !== undefined && ['ROLLED_BACK', 'REVERTED'].includes(outcome.deployment.state);
  if (options.json) {
    io.stdout.write(JSON.stringify({ ok: !failed, ...outcome }, null, 2) + '\n');
  } else {
    const palette = paletteFor(io.stdout, io.env);
    const changed = outcome.changed.length ? outcome.changed.join(', ') : 'nothing (the document is unchanged)';
    io.stdout.write(`${outcome.workflow}: version ${outcome.version} is ${outcome.deployment ? `deployment #${outcome.deployment.number} ${palette.status(outcome.deployment.state)}` : 'in force'}\n`);
    io.stdout.write(`  changed     ${changed}\n  propagation ${outcome.propagation}\n`);
  }
  return failed ? OpsExit.FAILED : OpsExit.OK;
}
