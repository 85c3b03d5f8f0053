/**
 * Every option of the CLI once: how it parses, its placeholder and its usual meaning. Commands
 * pick the ones they take (commandTable.ts); one catalogue keeps a name meaning one thing
 * across commands, and lets an option given to the wrong command name the commands that take it.
 */

export interface OptionDefinition {
  readonly type: 'string' | 'boolean';
  /** Repeatable: every occurrence is kept, in order. */
  readonly multiple?: boolean;
  readonly short?: string;
  /** The placeholder shown in help, e.g. `<file|json>`; booleans have none. */
  readonly value?: string;
  readonly description: string;
}

export const OPTIONS = {
  help: { type: 'boolean', short: 'h', description: 'This help.' },
  json: { type: 'boolean', description: 'Machine-readable output on stdout.' },
  input: { type: 'string', value: '<file|json>', description: 'The execution input: a JSON file or inline JSON.' },
  definition: { type: 'string', value: '<file>', description: 'Run this ASL file instead of a workflow.' },
  'mock-config': { type: 'string', value: '<file>', description: 'A Step Functions Local MockConfigFile mocking the tasks; with --test-case.' },
  'test-case': { type: 'string', value: '<name>', description: "The MockConfigFile's test case to apply." },
  'state-machine': { type: 'string', value: '<name>', description: "The MockConfigFile's state machine entry (default: the only one, or the file's name)." },
  'virtual-time': { type: 'boolean', description: 'Skip waits and retry backoffs instantly.' },
  env: { type: 'string', multiple: true, value: 'NAME=value', description: 'A variable for every handler, e.g. a service URL (repeatable).' },
  verbose: { type: 'boolean', description: 'Print handler log records whole, metrics included.' },
  dir: { type: 'string', value: '<project>', description: 'The project folder (default: the current folder).' },
  local: { type: 'boolean', description: 'Act on the local engine and stores under .aethon/ (same as --stage local).' },
  stage: { type: 'string', value: '<stage>', description: 'The deployed stage whose stack outputs to use (default $AETHON_STAGE or dev).' },
  key: { type: 'string', value: '<key>', description: "The idempotency key (text); default the trigger's key read from the input." },
  reason: { type: 'string', value: '<text>', description: 'Why; stored with the version and your OS user.' },
  strategy: { type: 'string', value: '<s>', description: 'On AWS: incident (default), normal, or a deployment strategy id.' },
  'no-wait': { type: 'boolean', description: 'On AWS: return once the deployment has started, and refuse rather than wait when another deployment is running.' },
  status: { type: 'string', value: '<status>', description: 'Only executions in this status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED.' },
  limit: { type: 'string', value: '<n>', description: 'At most n rows.' },
  workflow: { type: 'string', value: '<workflow>', description: 'On AWS, for an execution given by name: the workflow it belongs to.' },
  bus: { type: 'string', value: '<name>', description: "The event bus, overriding the entry's EventBusName." },
  outputs: { type: 'string', value: '<file>', description: 'On AWS: the cdk deploy outputs file (default cdk-outputs.json).' },
  'map-run': { type: 'string', value: '<arn>', description: "A Distributed Map run's ARN, as 'aethon execution' lists them: list its child executions." },
  'state-machine-arn': { type: 'string', value: '<arn>', description: 'On AWS: the state machine, instead of the outputs file.' },
  appconfig: { type: 'string', value: '<a>/<e>/<p>', description: 'On AWS: AppConfig application/environment/profile ids, instead of the outputs file.' },
  region: { type: 'string', value: '<region>', description: 'On AWS: the region (default from the AWS profile).' },
  'queue-url': { type: 'string', value: '<url>', description: 'The queue, instead of TriggerDeadLetterQueueUrl from the outputs file.' },
  id: { type: 'string', multiple: true, value: '<message id>', description: 'replay: a message to re-deliver (repeatable).' },
  all: { type: 'boolean', description: 'replay: every message in the queue.' },
  'dry-run': { type: 'boolean', description: 'replay: show each call, target ARN and payload size; re-deliver and delete nothing.' },
  step: { type: 'string', value: '<step>', description: "list: one step's records only." },
  table: { type: 'string', value: '<name>', description: 'On AWS: the table, instead of IdempotencyTableName from the outputs file.' },
  yes: { type: 'boolean', description: 'clear: do not ask.' },
  force: { type: 'boolean', description: 'clear: also a record whose attempt is in progress.' },
  port: { type: 'string', value: '<port>', description: 'The port to listen on (default 8083, as Step Functions Local; 0 picks a free one).' },
  host: { type: 'string', value: '<address>', description: 'The address to listen on (default 127.0.0.1); beyond loopback a token is required.' },
  'allow-host': { type: 'string', multiple: true, value: '<name>', description: 'Another name clients reach the server by (its Host header), e.g. a LAN host name (repeatable).' },
  error: { type: 'string', value: '<error>', description: 'The error name recorded on the stopped execution.' },
  cause: { type: 'string', value: '<text>', description: 'Why it was stopped, recorded on the execution.' },
} as const satisfies Record<string, OptionDefinition>;

export type OptionName = keyof typeof OPTIONS;

/** `--input <file|json>` or `-h, --help`, as help shows an option. */
export function optionLabel(name: string): string {
  const definition: OptionDefinition | undefined = (OPTIONS as Record<string, OptionDefinition>)[name];
  const long = `--${name}${definition?.value ? ` ${definition.value}` : ''}`;
  return definition?.short ? `-${definition.short}, ${long}` : long;
}
