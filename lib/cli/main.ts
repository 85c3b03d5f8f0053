/**
 * The `aethon` command line. Commands are thin: each calls into spec, compile or local.
 * Streams come in as arguments so tests run commands in-process.
 */
import { parseArgs } from 'node:util';
import { aslCommand, graphCommand, listCommand } from './commands/inspect.ts';
import { demoCommand } from './commands/demo.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { configCommand } from './commands/config.ts';
import { deadLettersCommand } from './commands/deadLetters.ts';
import { executionCommand, executionsCommand } from './commands/executions.ts';
import { idempotencyCommand } from './commands/idempotency.ts';
import { redriveCommand } from './commands/redrive.ts';
import { sendEventCommand } from './commands/sendEvent.ts';
import { startCommand } from './commands/start.ts';
import { describeFailure, ExitCode, guardStdout, UsageError, type CliIo } from './io.ts';
import { WorkflowNotFoundError } from './workspace.ts';

export const HELP = `aethon: YAML workflows compiled to AWS Step Functions, runnable locally.

Usage: aethon <command> [options]

Commands:
  demo                      The example workflows end to end on the local engine against mock
                            services: retries, idempotency, compensation, a config flip.
                            e.g. aethon demo --verbose
  list                      The workflows under workflows/, with type, states and triggers.
                            e.g. aethon list --json
  validate [workflow...]    Check workflow files; every problem with file:line:col and a hint.
                            e.g. aethon validate nightly-etl
  asl <workflow>            Print the compiled Amazon States Language definition.
                            e.g. aethon asl nightly-etl > nightly-etl.asl.json
  graph <workflow>          Print a Mermaid flowchart of the compiled state machine.
                            e.g. aethon graph deploy-pipeline
  run <workflow>            Run a workflow on the local engine: handlers in worker threads,
                            logs streamed, a summary at the end.
                            e.g. aethon run deploy-pipeline --input '{"service":"api"}' --env DEPLOY_API_URL=http://127.0.0.1:8080
  run --definition <file>   Run any ASL file; mock its tasks with a Step Functions Local MockConfigFile.
                            e.g. aethon run --definition order.asl.json --mock-config MockConfigFile.json --test-case HappyPath

Operations (AWS by default: the stage's resources from cdk-outputs.json, written by
'npx cdk deploy --outputs-file cdk-outputs.json'; --local for the local engine and stores):
  start <workflow>          Start an execution, named after its idempotency key: a duplicate shows
                            the existing execution and starts nothing. --local runs it to its end.
                            e.g. aethon start deploy-pipeline --input release.json --key r-42 --local
  send-event <file|json>    Send an EventBridge event (a PutEvents entry). --local matches it
                            against every workflow's event triggers and starts what matches.
                            e.g. aethon send-event '{"Source":"app.ci","DetailType":"ReleaseTagged","Detail":{"releaseId":"r-42"}}' --local
  config get <workflow>     Print the configuration in force, with its version.
                            e.g. aethon config get deploy-pipeline --stage prod
  config set <workflow> key=value...
                            Change configuration: the whole new document is checked against the
                            workflow's JSON Schema first. Values are JSON (true, 5, "text") or text;
                            a.b=1 sets nested keys. On AWS: a hosted version, then a deployment
                            (incident strategy) followed until COMPLETE or ROLLED_BACK.
                            e.g. aethon config set deploy-pipeline deploysFrozen=true --reason "incident 42"
  config history <workflow> Versions with time, author and reason.
                            e.g. aethon config history deploy-pipeline --local
  config rollback <workflow> <version>
                            Put an earlier version's document back in force, as a new version.
                            e.g. aethon config rollback deploy-pipeline 3 --reason "incident over"
  executions <workflow>     Recent executions: name, status, start, duration.
                            e.g. aethon executions deploy-pipeline --status FAILED --limit 5
  execution <id|name>       One execution's path through its states: status, retries, error and
                            timing of each; on AWS the console URL.
                            e.g. aethon execution deploy-pipeline-3f1c... --workflow deploy-pipeline
  redrive <id|name>         Continue a failed execution from the state that failed (RedriveExecution;
                            --local resumes it on the local engine, same name, completed states kept).
                            e.g. aethon redrive deploy-pipeline-3f1c... --local
  dead-letters              The events the stage's triggers could not start an execution from
                            (its dead-letter queue): workflow, trigger, error, event, receive
                            count, attempts and why the sender gave up. Nothing is deleted, but
                            listing receives the messages: other readers miss them for a moment
                            (at most 30 s) and their receive count rises by one.
                            e.g. aethon dead-letters --stage prod
  dead-letters replay       Re-deliver them to the target that failed, never through a bus: a
                            starter gets its event again (Lambda Invoke, Event), a rule's state
                            machine starts with the target's InputPath/Input applied (read with
                            ListTargetsByRule), a schedule's state machine starts with its input;
                            always the exact text the sender wrote. Each message is deleted only
                            once AWS took it (Invoke 202, an execution ARN); one that fails stays
                            with the reason. Only to the stage's own state machines and starter
                            functions (its stack outputs); a message naming any other target is
                            refused. Safe for a trigger with an idempotencyKey: the
                            starter names the execution after the key. The Scheduler message
                            shape is not yet checked against a real Scheduler dead letter.
                            Needs sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility,
                            GetQueueAttributes; lambda:InvokeFunction on the starters;
                            states:StartExecution; events:ListTargetsByRule.
                            e.g. aethon dead-letters replay --id 5f0c... --stage prod --dry-run
  idempotency list <workflow>
                            The records that make steps run once: step, status (COMPLETED or
                            INPROGRESS), the execution that owns the side effect, expiry.
                            e.g. aethon idempotency list user-onboarding --step createUser --local
  idempotency clear <workflow> <step> <key>
                            Release one record so the next start performs the step again; asks
                            once on a terminal (--yes for scripts), refuses an INPROGRESS record
                            unless --force. The key is the value the step's key selects (text,
                            or JSON such as ["api","a1"]), or the record id from 'list'. Locally
                            it waits up to 30 s for a running command to release .aethon/dynamodb.
                            e.g. aethon idempotency clear user-onboarding createUser ada@example.com --local
                            Needs dynamodb:Scan, GetItem and DeleteItem on the stage's table.

A workflow is a name from workflows/ (nightly-etl) or a path (workflows/nightly-etl.yaml).

Options:
  --json                    Machine-readable output on stdout (run: exactly one JSON object
                            {status, output, error, cause, history}).
  --input <file|json>       The execution input (run, start).
  --virtual-time            Skip waits and retry backoffs instantly (run; start, send-event and
                            redrive with --local).
  --mock-config <file>      A MockConfigFile; with --test-case <name> [--state-machine <name>] (run).
  --env NAME=value          A variable for every handler, e.g. a service URL (run; start,
                            send-event and redrive with --local; repeatable).
  --verbose                 Print handler log records whole, metrics included (demo).
  --local                   Operations: act on the local engine and stores under .aethon/ (same
                            as --stage local).
  --stage <stage>           Operations on AWS: the stage whose stack outputs to use (default
                            $AETHON_STAGE or dev).
  --key <key>               start: the idempotency key (text); default the trigger's key read
                            from the input.
  --reason <text>           config set/rollback: why; stored with the version and your OS user.
  --strategy <s>            config set/rollback on AWS: incident (default), normal, or a
                            deployment strategy id.
  --no-wait                 config set/rollback on AWS: return once the deployment has started;
                            and refuse rather than wait when another deployment is running.
  --status <status>         executions: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED.
  --limit <n>               executions: at most n rows (default 20); dead-letters: at most n
                            messages (default 50; replay 1000); idempotency list (default 1000).
  --step <step>             idempotency list: one step's records only.
  --table <name>            idempotency on AWS: the table, instead of IdempotencyTableName.
  --yes                     idempotency clear: do not ask.
  --force                   idempotency clear: also a record whose attempt is in progress.
  --workflow <workflow>     execution/redrive on AWS by name: the workflow it belongs to.
  --bus <name>              send-event: the event bus, overriding the entry's EventBusName.
  --id <message id>         dead-letters replay: a message to re-deliver (repeatable).
  --all                     dead-letters replay: every message in the queue.
  --dry-run                 dead-letters replay: show each call, target ARN and payload size;
                            re-deliver and delete nothing (ListTargetsByRule, a read, is called).
  --queue-url <url>         dead-letters: the queue, instead of TriggerDeadLetterQueueUrl from
                            the outputs file.
  --outputs <file>          Operations on AWS: the cdk deploy outputs file (default cdk-outputs.json).
  --state-machine-arn <arn> Operations on AWS: the state machine, instead of the outputs file.
  --appconfig <a>/<e>/<p>   config on AWS: AppConfig application/environment/profile ids.
  --region <region>         Operations on AWS: the region (default from the AWS profile).
  -h, --help                This help.

Exit codes:
  0  success
  1  a workflow is invalid, or (run) the execution FAILED, TIMED_OUT or was ABORTED
  2  usage error: unknown command, missing argument, unknown workflow, invalid definition,
     a malformed event, a bad key=value, input nested too deeply, a file that cannot be read
     or written (a folder given as --input, no permission on .aethon/)
  Operations: 0 done (a duplicate start is done too; dead-letters replay: every selected message
  re-delivered), 1 refused or failed (a value the schema refuses, an execution that failed, a
  deployment ROLLED_BACK, not found, a dead letter that cannot be replayed), 3 AWS or the
  environment (credentials, throttling, a resource missing on AWS, a deployment in the way, the
  local store held by another process for longer than the wait: 120 s, or
  $AETHON_STORE_WAIT_SECONDS).
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  guardStdout(io);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        input: { type: 'string' },
        definition: { type: 'string' },
        'mock-config': { type: 'string' },
        'test-case': { type: 'string' },
        'state-machine': { type: 'string' },
        'virtual-time': { type: 'boolean', default: false },
        env: { type: 'string', multiple: true, default: [] },
        verbose: { type: 'boolean', default: false },
        local: { type: 'boolean', default: false },
        stage: { type: 'string' },
        key: { type: 'string' },
        reason: { type: 'string' },
        strategy: { type: 'string' },
        'no-wait': { type: 'boolean', default: false },
        status: { type: 'string' },
        limit: { type: 'string' },
        workflow: { type: 'string' },
        bus: { type: 'string' },
        outputs: { type: 'string' },
        'state-machine-arn': { type: 'string' },
        appconfig: { type: 'string' },
        region: { type: 'string' },
        'queue-url': { type: 'string' },
        id: { type: 'string', multiple: true, default: [] },
        all: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        step: { type: 'string' },
        table: { type: 'string' },
        yes: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  const json = parsed.values.json ?? false;
  if (parsed.values.help || command === undefined || command === 'help') {
    io.stdout.write(HELP);
    return command === undefined && !parsed.values.help ? ExitCode.USAGE : ExitCode.OK;
  }
  try {
    switch (command) {
      case 'list':
        return await listCommand(io, json);
      case 'validate':
        return await validateCommand(io, rest, json);
      case 'asl':
        return await aslCommand(io, one(rest, 'asl'), json);
      case 'graph':
        return await graphCommand(io, one(rest, 'graph'), json);
      case 'demo':
        return await demoCommand(io, { verbose: parsed.values.verbose ?? false });
      case 'run': {
        const v = parsed.values;
        if (rest.length > 1) throw new UsageError("'aethon run' takes one workflow");
        return await runCommand(io, {
          ...(rest[0] ? { workflow: rest[0] } : {}),
          ...(v.definition ? { definition: v.definition } : {}),
          ...(v.input !== undefined ? { input: v.input } : {}),
          ...(v['mock-config'] ? { mockConfig: v['mock-config'] } : {}),
          ...(v['test-case'] ? { testCase: v['test-case'] } : {}),
          ...(v['state-machine'] ? { stateMachine: v['state-machine'] } : {}),
          virtualTime: v['virtual-time'] ?? false,
          json,
          env: v.env ?? [],
        });
      }
      case 'start':
      case 'send-event':
      case 'config':
      case 'executions':
      case 'execution':
      case 'redrive':
      case 'dead-letters':
      case 'idempotency':
        return await operationsCommand(io, command, rest, parsed.values);
      default:
        return usage(io, `unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof WorkflowNotFoundError) return usage(io, error.message);
    // Whatever no command turned into a message (a file it cannot read or write, input too deep
    // to walk): one line, never a stack trace.
    io.stderr.write(`aethon: ${describeFailure(error)}\n`);
    return ExitCode.USAGE;
  }
}

type ParsedValues = ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> }>>['values'];

/** The operations commands share their options; each takes what it needs. */
async function operationsCommand(io: CliIo, command: string, args: string[], raw: ParsedValues): Promise<number> {
  const text = (name: string): string | undefined => (typeof raw[name] === 'string' ? (raw[name] as string) : undefined);
  const defined = <T extends Record<string, unknown>>(values: T): T => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
  const common = defined({
    json: raw.json === true,
    local: raw.local === true,
    stage: text('stage'),
    outputs: text('outputs'),
    region: text('region'),
    stateMachineArn: text('state-machine-arn'),
    workflow: text('workflow'),
  });
  const local = { env: (raw.env as string[] | undefined) ?? [], virtualTime: raw['virtual-time'] === true };
  switch (command) {
    case 'start':
      return startCommand(io, args, defined({ ...common, ...local, input: text('input'), key: text('key') }));
    case 'send-event':
      return sendEventCommand(io, args, defined({ ...common, ...local, bus: text('bus') }));
    case 'config':
      return configCommand(io, args, defined({ ...common, reason: text('reason'), strategy: text('strategy'), appconfig: text('appconfig'), wait: raw['no-wait'] !== true }));
    case 'executions':
      return executionsCommand(io, args, defined({ ...common, status: text('status'), limit: text('limit') }));
    case 'execution':
      return executionCommand(io, args, common);
    case 'dead-letters':
      return deadLettersCommand(io, args, defined({ ...common, queueUrl: text('queue-url'), limit: text('limit'), bus: text('bus'), ids: (raw.id as string[] | undefined) ?? [], all: raw.all === true, dryRun: raw['dry-run'] === true }));
    case 'idempotency':
      return idempotencyCommand(io, args, defined({ ...common, step: text('step'), limit: text('limit'), table: text('table'), yes: raw.yes === true, force: raw.force === true }));
    default:
      return redriveCommand(io, args, { ...common, ...local });
  }
}

function one(args: string[], command: string): string {
  if (args.length !== 1) throw new UsageError(`'aethon ${command}' takes one workflow, e.g. aethon ${command} nightly-etl`);
  return args[0]!;
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`aethon: ${message}\nRun 'aethon --help' for the commands and options.\n`);
  return ExitCode.USAGE;
}
