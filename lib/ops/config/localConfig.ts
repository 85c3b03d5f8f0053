/**
 * `aethon config get|set|history|rollback --local`: the local config store under .aethon/config,
 * versioned and audited like AppConfig. Handlers re-read current.json on every invocation (a stat
 * per read), so a change reaches running executions at their next task, without a restart.
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import {
  ConfigVersionConflictError,
  listConfigVersions,
  mergeConfigInForce,
  reconcileLocalConfig,
  readConfigVersion,
  readCurrentConfig,
  rollbackConfig,
  writeConfigVersion,
  type ConfigVersion,
} from '../../runtime/config/index.ts';
import type { Clock } from '../../contracts/clock.ts';
import { NotFoundError } from '../errors.ts';
import { applyAssignments, type Assignment } from './assignments.ts';
import { formatChange, parseChange } from './changeRecord.ts';
import { assertValidConfig, changedKeys, configOf } from './documents.ts';
import type { ConfigChangeOutcome, ConfigVersionInfo } from './types.ts';

/** Who and why, for a change. */
export interface ChangeRequest {
  readonly author: string;
  readonly reason?: string;
  /** @default the system clock */
  readonly clock?: Clock;
}

const PROPAGATION = 'Running handlers read the local config store on every invocation: the next task of every execution sees this version, no restart needed.';

/** The version in force; the workflow's defaults are stored as version 1 the first time. */
export function getLocalConfig(localDir: string, workflow: CompiledWorkflow): ConfigVersionInfo {
  return toInfo(ensureSeeded(localDir, workflow), true);
}

/** Every version, newest first. */
export function localConfigHistory(localDir: string, workflow: CompiledWorkflow): ConfigVersionInfo[] {
  ensureSeeded(localDir, workflow);
  return listConfigVersions(localDir, workflow.name).reverse().map((version) => toInfo(version, true));
}

/**
 * Applies `key=value` assignments to the current document and writes the result as a new version,
 * after checking the whole document against the schema.
 * @throws ConfigRefusedError when the schema refuses it; nothing is written then
 */
export function setLocalConfig(localDir: string, workflow: CompiledWorkflow, assignments: readonly Assignment[], change: ChangeRequest): ConfigChangeOutcome {
  return compareAndSet(localDir, workflow, (current) => {
    // On the document the workflow file implies (new keys filled, dropped keys gone), so a set can
    // repair a value that a schema change refused.
    const document = applyAssignments(mergeConfigInForce(current.document, configOf(workflow)).document, assignments);
    assertValidConfig(workflow, document);
    return writeConfigVersion(localDir, workflow.name, document, { ...writeOptions(change), expectedVersion: current.version });
  });
}

/**
 * Makes an older version's document current again, as a new version (history is never rewritten).
 * The old document is checked against today's schema first: the schema may have changed since.
 */
export function rollbackLocalConfig(localDir: string, workflow: CompiledWorkflow, toVersion: number, change: ChangeRequest): ConfigChangeOutcome {
  ensureSeeded(localDir, workflow);
  const target = readConfigVersion(localDir, workflow.name, toVersion);
  if (!target) {
    throw new NotFoundError(`workflow '${workflow.name}' has no config version ${toVersion}; 'aethon config history ${workflow.name} --local' lists them`);
  }
  assertValidConfig(workflow, target.document);
  return compareAndSet(localDir, workflow, (current) =>
    rollbackConfig(localDir, workflow.name, toVersion, { ...writeOptions({ ...change, reason: change.reason ?? `rollback to version ${toVersion}` }), expectedVersion: current.version }),
  );
}

/**
 * Enough attempts for every writer a person or script starts at once: each conflict means another
 * writer succeeded, so a writer among N concurrent ones needs at most N attempts.
 */
const MAX_ATTEMPTS = 100;

/** Reads the newest version, writes the next one if nobody wrote meanwhile, else reads again. */
function compareAndSet(localDir: string, workflow: CompiledWorkflow, write: (current: ConfigVersion) => ConfigVersion): ConfigChangeOutcome {
  for (let attempt = 1; ; attempt++) {
    const current = ensureSeeded(localDir, workflow);
    try {
      return outcome(workflow, write(current), current.document);
    } catch (error) {
      if (!(error instanceof ConfigVersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

function writeOptions(change: ChangeRequest): { message: string; clock?: Clock } {
  const at = new Date((change.clock ?? { now: Date.now }).now()).toISOString();
  return { message: formatChange({ author: change.author, at, ...(change.reason ? { reason: change.reason } : {}) }), ...(change.clock ? { clock: change.clock } : {}) };
}

function ensureSeeded(localDir: string, workflow: CompiledWorkflow): ConfigVersion {
  // As `cdk deploy` makes the defaults the first hosted version (and `aethon run` seeds them);
  // reconcile seeds only as version 1, so concurrent first writers seed once.
  for (;;) {
    const current = readCurrentConfig(localDir, workflow.name);
    if (current) return current;
    // Seeds (only as version 1); undefined only if another writer seeded meanwhile: read again.
    const seeded = reconcileLocalConfig(localDir, workflow.name, configOf(workflow));
    if (seeded) return seeded.current;
  }
}

function outcome(workflow: CompiledWorkflow, written: ConfigVersion, previous: unknown): ConfigChangeOutcome {
  return { workflow: workflow.name, version: written.version, document: written.document, previous, changed: changedKeys(previous, written.document), propagation: PROPAGATION };
}

function toInfo(version: ConfigVersion, withDocument: boolean): ConfigVersionInfo {
  const change = parseChange(version.message);
  return {
    version: version.version,
    ...change,
    // The store's own timestamp is authoritative locally; the trailer's copy only matters on AWS.
    at: version.createdAt,
    ...(version.rolledBackFrom !== undefined ? { rolledBackFrom: version.rolledBackFrom } : {}),
    ...(withDocument ? { document: version.document } : {}),
  };
}
