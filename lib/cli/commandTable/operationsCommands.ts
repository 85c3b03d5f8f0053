/**
 * The operations commands: start, send-event, config, executions, execution, redrive. AWS by
 * default (the stage's resources from cdk-outputs.json), the local engine and stores with
 * --local. Each `run` imports its module when called (see commandSpec.ts).
 */
import { flagOption, listOption, textOption, withoutUndefined, type CommandOption, type OptionValues } from '../commandSpec.ts';
import type { CommandSpec } from '../commandSpec.ts';

/** Where an operation acts: every operations command takes these. */
export const TARGET_OPTIONS: readonly CommandOption[] = [{ name: 'local' }, { name: 'stage' }, { name: 'outputs' }, { name: 'region' }, { name: 'json' }];

export const OPERATIONS_EXIT_CODES = [
  '0  done',
  '1  refused or failed: a value the schema refuses, an execution that failed, not found',
  '2  usage error: unknown option, missing argument, unknown workflow, malformed input',
  '3  AWS or the environment: credentials, throttling, a resource missing on AWS, the local store held by another process for longer than the wait (120 s, or $AETHON_STORE_WAIT_SECONDS)',
];

/** The options every operations command hands on, as lib/cli/commands/config.ts's OpsOptions. */
export function targetOf(values: OptionValues) {
  return withoutUndefined({
    json: flagOption(values, 'json'),
    local: flagOption(values, 'local'),
    stage: textOption(values, 'stage'),
    outputs: textOption(values, 'outputs'),
    region: textOption(values, 'region'),
  });
}

/** What a command that runs executions locally hands on. */
function localRunOf(values: OptionValues) {
  return { env: listOption(values, 'env'), virtualTime: flagOption(values, 'virtual-time') };
}

const LOCAL_RUN_OPTIONS: readonly CommandOption[] = [
  { name: 'env', description: 'With --local: a variable for every handler, e.g. a service URL (repeatable).' },
  { name: 'virtual-time', description: 'With --local: skip waits and retry backoffs instantly.' },
];

export const OPERATIONS_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'dev',
    usage: ['dev [--port 8083] [--host 127.0.0.1] [--virtual-time] [--dir <project>] [--mock-config <file>]'],
    summary:
      "The local control plane: a long-running server that owns .aethon/ and speaks the Step Functions API (AWS JSON 1.0) on Step Functions Local's port, so @aws-sdk/client-sfn works against it unchanged. The project's workflows are its state machines; CreateStateMachine adds any ASL; `<stateMachineArn>#<TestCase>` runs under a MockConfigFile. Every execution is checkpointed as it runs: after a crash or kill -9 the next start continues it. While it runs, the CLI's local start, executions, execution and stop go through it. GET /healthz and GET /metrics (Prometheus). Stops on Ctrl-C / SIGTERM.",
    options: [
      { name: 'port' },
      { name: 'host' },
      { name: 'allow-host' },
      { name: 'dir', description: 'The project to serve (default the current folder); its state lives in <project>/.aethon/.' },
      { name: 'virtual-time', description: 'Skip waits and retry backoffs; schedules fire when virtual time reaches them; the virtual time is kept across restarts.' },
      { name: 'mock-config', description: 'A Step Functions Local MockConfigFile for `<stateMachineArn>#<TestCase>` starts (default $SFN_MOCK_CONFIG).' },
      { name: 'env' },
    ],
    examples: ['aethon dev', 'aethon dev --port 0 --virtual-time --mock-config test/MockConfigFile.json', 'aethon dev --host 0.0.0.0 --allow-host devbox.local'],
    exitCodes: ['0  stopped by SIGINT/SIGTERM', '1  the MockConfigFile is invalid', '2  usage error', '3  the port is taken, or another process holds the local store'],
    run: async (io, args, values) =>
      (await import('../commands/dev.ts')).devCommand(io, args, withoutUndefined({ port: textOption(values, 'port'), host: textOption(values, 'host'), dir: textOption(values, 'dir'), virtualTime: flagOption(values, 'virtual-time'), mockConfig: textOption(values, 'mock-config'), env: listOption(values, 'env'), allowHosts: listOption(values, 'allow-host') })),
  },
  {
    name: 'start',
    usage: ['start <workflow> [--input <file|json>] [--key <key>] [options]'],
    summary:
      'Start an execution, named after its idempotency key: a duplicate shows the existing execution and starts nothing. On AWS it returns once started; --local runs it to its end on the local engine and records it.',
    options: [{ name: 'input' }, { name: 'key' }, { name: 'state-machine-arn' }, ...LOCAL_RUN_OPTIONS, ...TARGET_OPTIONS],
    examples: ['aethon start deploy-pipeline --input release.json --key r-42 --local', `aethon start nightly-etl --input '{"date":"2024-05-01"}' --stage prod`],
    exitCodes: OPERATIONS_EXIT_CODES,
    run: async (io, args, values) =>
      (await import('../commands/start.ts')).startCommand(io, args, withoutUndefined({ ...targetOf(values), ...localRunOf(values), input: textOption(values, 'input'), key: textOption(values, 'key'), stateMachineArn: textOption(values, 'state-machine-arn') })),
  },
  {
    name: 'send-event',
    usage: ['send-event <file|json> [--bus <name>] [options]'],
    summary:
      "Send an EventBridge event (a PutEvents entry). On AWS it is put on its bus; --local matches it against every workflow's event triggers and starts what matches, deduplicated by the triggers' idempotency keys.",
    options: [{ name: 'bus' }, ...LOCAL_RUN_OPTIONS, ...TARGET_OPTIONS],
    examples: [`aethon send-event '{"Source":"app.ci","DetailType":"ReleaseTagged","Detail":{"releaseId":"r-42"}}' --local`, 'aethon send-event event.json --bus ops --stage prod'],
    exitCodes: OPERATIONS_EXIT_CODES,
    run: async (io, args, values) => (await import('../commands/sendEvent.ts')).sendEventCommand(io, args, withoutUndefined({ ...targetOf(values), ...localRunOf(values), bus: textOption(values, 'bus') })),
  },
  {
    name: 'config',
    usage: ['config get <workflow>', 'config set <workflow> key=value... [--reason <text>]', 'config history <workflow>', 'config rollback <workflow> <version> [--reason <text>]', 'config diff <workflow>'],
    summary:
      "Dynamic configuration, on AppConfig or (--local) the local config store. get: the configuration in force, with its version. set: the whole new document is checked against the workflow's JSON Schema first; values are JSON (true, 5, \"text\") or text, a.b=1 sets nested keys; on AWS a hosted version, then a deployment followed until COMPLETE or ROLLED_BACK. history: versions with time, author and reason. rollback: an earlier version's document back in force, as a new version. diff: what the next deploy (--local: the next local run) would do to the configuration in force: keys added with their defaults, keys dropped, values kept, values refused.",
    options: [
      { name: 'reason', description: 'set, rollback: why; stored with the version and your OS user.' },
      { name: 'strategy', description: 'set, rollback on AWS: incident (default), normal, or a deployment strategy id.' },
      { name: 'no-wait' },
      { name: 'appconfig' },
      ...TARGET_OPTIONS,
    ],
    examples: ['aethon config get deploy-pipeline --stage prod', 'aethon config set deploy-pipeline deploysFrozen=true --reason "incident 42"', 'aethon config history deploy-pipeline --local', 'aethon config rollback deploy-pipeline 3 --reason "incident over"', 'aethon config diff deploy-pipeline --stage prod'],
    exitCodes: [...OPERATIONS_EXIT_CODES.slice(0, 1), '1  refused or failed: a value the schema refuses, a deployment ROLLED_BACK, not found, a diff with refused values', ...OPERATIONS_EXIT_CODES.slice(2)],
    run: async (io, args, values) =>
      (await import('../commands/config.ts')).configCommand(io, args, withoutUndefined({ ...targetOf(values), reason: textOption(values, 'reason'), strategy: textOption(values, 'strategy'), appconfig: textOption(values, 'appconfig'), wait: !flagOption(values, 'no-wait') })),
  },
  {
    name: 'executions',
    usage: ['executions <workflow> [--status <status>] [--limit <n>] [options]', 'executions --map-run <arn> [--status <status>] [--limit <n>] [options]'],
    summary: "A workflow's recent executions: name, status, start, duration. With --map-run, the child executions of one Distributed Map run ('aethon execution' lists an execution's Map Runs).",
    options: [{ name: 'status' }, { name: 'limit', description: 'At most n rows (default 20).' }, { name: 'map-run' }, { name: 'state-machine-arn' }, ...TARGET_OPTIONS],
    examples: ['aethon executions deploy-pipeline --status FAILED --limit 5', 'aethon executions nightly-etl --local', 'aethon executions --map-run arn:aws:states:us-east-1:123456789012:mapRun:import-orders/ImportRows:1f0c... --status FAILED'],
    exitCodes: OPERATIONS_EXIT_CODES,
    run: async (io, args, values) =>
      (await import('../commands/executions.ts')).executionsCommand(io, args, withoutUndefined({ ...targetOf(values), status: textOption(values, 'status'), limit: textOption(values, 'limit'), mapRun: textOption(values, 'map-run'), stateMachineArn: textOption(values, 'state-machine-arn') })),
  },
  {
    name: 'execution',
    usage: ['execution <id|name> [--workflow <workflow>] [options]'],
    summary: "One execution's path through its states: status, retries, error and timing of each; on AWS the console URL. An execution name needs --workflow (or --state-machine-arn) on AWS.",
    options: [{ name: 'workflow' }, { name: 'state-machine-arn' }, ...TARGET_OPTIONS],
    examples: ['aethon execution deploy-pipeline-3f1c... --workflow deploy-pipeline', 'aethon execution deploy-pipeline-3f1c... --local'],
    exitCodes: OPERATIONS_EXIT_CODES,
    run: async (io, args, values) =>
      (await import('../commands/executions.ts')).executionCommand(io, args, withoutUndefined({ ...targetOf(values), workflow: textOption(values, 'workflow'), stateMachineArn: textOption(values, 'state-machine-arn') })),
  },
  {
    name: 'stop',
    usage: ['stop <id|name> [--error <error>] [--cause <text>] [--workflow <workflow>] [options]'],
    summary: "Stop a running execution (StopExecution): ABORTED, with the error and cause recorded. On AWS an execution name needs --workflow (or --state-machine-arn); --local stops it on the running 'aethon dev' (without it, a local execution runs inside the command that started it).",
    options: [{ name: 'error' }, { name: 'cause' }, { name: 'workflow' }, { name: 'state-machine-arn' }, ...TARGET_OPTIONS],
    examples: ['aethon stop deploy-pipeline-3f1c... --workflow deploy-pipeline --cause "release withdrawn" --stage prod', 'aethon stop deploy-pipeline-3f1c... --local --error Ops.Cancelled'],
    exitCodes: [...OPERATIONS_EXIT_CODES.slice(0, 1), '1  the execution has already ended, is not found, or (locally) aethon dev is not running', ...OPERATIONS_EXIT_CODES.slice(2)],
    run: async (io, args, values) =>
      (await import('../commands/stop.ts')).stopCommand(io, args, withoutUndefined({ ...targetOf(values), error: textOption(values, 'error'), cause: textOption(values, 'cause'), workflow: textOption(values, 'workflow'), stateMachineArn: textOption(values, 'state-machine-arn') })),
  },
  {
    name: 'redrive',
    usage: ['redrive <id|name> [--workflow <workflow>] [options]'],
    summary: 'Continue a failed execution from the state that failed: RedriveExecution on AWS; --local resumes it on the local engine, same name, completed states kept.',
    options: [{ name: 'workflow' }, { name: 'state-machine-arn' }, ...LOCAL_RUN_OPTIONS, ...TARGET_OPTIONS],
    examples: ['aethon redrive deploy-pipeline-3f1c... --local', 'aethon redrive arn:aws:states:eu-west-1:123456789012:execution:deploy-pipeline:3f1c... --stage prod'],
    exitCodes: OPERATIONS_EXIT_CODES,
    run: async (io, args, values) =>
      (await import('../commands/redrive.ts')).redriveCommand(io, args, withoutUndefined({ ...targetOf(values), ...localRunOf(values), workflow: textOption(values, 'workflow'), stateMachineArn: textOption(values, 'state-machine-arn') })),
  },
];
