/**
 * `aethon send-event <file|json>`: one EventBridge event (a PutEvents entry). On AWS it is put on
 * its bus; with `--local` it is matched against every workflow's event triggers and starts what
 * matches, deduplicated by the triggers' idempotency keys exactly as `aethon start`.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { MalformedEventError, parseEventEntry, toDeliveredEvent } from '../../events/index.ts';
import { InvalidRequestError, OpsError, OpsExit } from '../../ops/errors.ts';
import { reportError } from '../../ops/format.ts';
import { parseEnvPairs, readJsonArgument } from '../../ops/jsonArgument.ts';
import { sendEventOnAws } from '../../ops/start/awsStart.ts';
import { matchingTriggers, sendLocalEvent, type EventMatchOutcome } from '../../ops/start/localEvents.ts';
import { withLocalStarter } from '../../ops/start/localSession.ts';
import { loadAllWorkflows } from '../../ops/workflows.ts';
import type { CliIo } from '../io.ts';
import { isLocal, type OpsOptions } from './config.ts';
import { printLocalOutcome, storeWaitNotice } from './start.ts';

/** Options of `aethon send-event`. */
export interface SendEventCommandOptions extends OpsOptions {
  /** Overrides the entry's EventBusName. */
  readonly bus?: string;
  readonly env: readonly string[];
  readonly virtualTime: boolean;
}

/** `aethon send-event <file|json>`; returns the exit code. */
export async function sendEventCommand(io: CliIo, args: readonly string[], options: SendEventCommandOptions): Promise<number> {
  try {
    if (args.length !== 1) throw new InvalidRequestError(`'aethon send-event' takes one event, inline or a file, e.g. aethon send-event '{"Source":"app.ci","DetailType":"ReleaseTagged","Detail":{"releaseId":"r-42"}}' --local`);
    let entry;
    try {
      const raw = readJsonArgument(io.cwd, args[0]!, 'the event');
      entry = parseEventEntry(options.bus && raw && typeof raw === 'object' ? { ...raw, EventBusName: options.bus } : raw);
    } catch (error) {
      if (error instanceof MalformedEventError) throw new InvalidRequestError(error.message, { cause: error });
      throw error;
    }
    if (!isLocal(options)) {
      const sent = await sendEventOnAws(new EventBridgeClient(options.region ? { region: options.region } : {}), entry);
      if (options.json) io.stdout.write(JSON.stringify({ sent: true, ...sent }) + '\n');
      else io.stdout.write(`event ${sent.eventId} put on bus ${sent.bus}; the rules that match it start their workflows ('aethon executions <workflow>' shows them)\n`);
      return OpsExit.OK;
    }
    const { workflows, invalid } = await loadAllWorkflows(io.cwd);
    for (const file of invalid) io.stderr.write(`warning: ${file} is invalid and was not matched ('aethon validate')\n`);
    const event = toDeliveredEvent(entry, { now: new Date() });
    if (matchingTriggers(workflows, entry, event).length === 0) {
      const triggered = workflows.filter((w) => (w.spec.triggers ?? []).some((t) => 'event' in t)).map((w) => w.name);
      if (options.json) io.stdout.write(JSON.stringify({ matched: [] }) + '\n');
      io.stderr.write(`the event (source ${entry.Source}, detail-type ${entry.DetailType}, bus ${entry.EventBusName}) matches no trigger; nothing was started. Workflows with event triggers: ${triggered.join(', ') || 'none'}\n`);
      return OpsExit.OK;
    }
    const environment = parseEnvPairs(options.env);
    const outcomes = await withLocalStarter(io.cwd, { environment, virtualTime: options.virtualTime, storeWait: storeWaitNotice(io), onLog: ({ line }) => io.stderr.write(line.endsWith('\n') ? line : `${line}\n`) }, (starter) =>
      sendLocalEvent(starter, workflows, entry, event),
    );
    return printOutcomes(io, options, outcomes);
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

function printOutcomes(io: CliIo, options: OpsOptions, outcomes: readonly EventMatchOutcome[]): number {
  let code: number = OpsExit.OK;
  if (options.json) {
    const matched = outcomes.map((o) => (o.status === 'refused' ? o : { status: o.status, workflow: o.workflow, name: o.name, executionStatus: o.status === 'duplicate' ? o.executionStatus : o.record.status }));
    try {
      io.stdout.write(JSON.stringify({ matched }, null, 2) + '\n');
    } catch (failure) {
      // The executions ran and are recorded: say how they ended even when stdout fails.
      io.stderr.write(`${matched.map((m) => `${m.workflow} ${'name' in m ? m.name : ''}: ${'executionStatus' in m ? m.executionStatus : m.status}`).join('; ')}; the result could not be printed (${(failure as Error).message})\n`);
    }
    return outcomes.some((o) => o.status === 'refused' || (o.status === 'started' && o.record.status !== 'SUCCEEDED')) ? OpsExit.FAILED : OpsExit.OK;
  }
  for (const outcome of outcomes) {
    if (outcome.status === 'refused') {
      io.stderr.write(`aethon: ${outcome.workflow}: ${outcome.message}\n`);
      code = OpsExit.FAILED;
      continue;
    }
    code = Math.max(code, printLocalOutcome(io, options, outcome));
  }
  return code;
}
