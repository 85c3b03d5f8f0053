/**
 * The commands that read workflows/ and run on this machine: demo, new, list, validate, asl,
 * graph, run, invoke. Each `run` imports its module when called (see commandSpec.ts).
 */
import { flagOption, listOption, textOption, withoutUndefined, type CommandSpec } from '../commandSpec.ts';
import { UsageError } from '../io.ts';

/** Exit codes of the commands that read workflow files. */
const WORKFLOW_EXIT_CODES = ['0  success', '1  a workflow is invalid', '2  usage error: unknown option, missing argument, unknown workflow'];

const WORKFLOW_ARGUMENT = 'A workflow is a name from workflows/ (nightly-etl) or a path (workflows/nightly-etl.yaml).';

function oneWorkflow(args: readonly string[], command: string): string {
  if (args.length !== 1) throw new UsageError(`'aethon ${command}' takes one workflow, e.g. aethon ${command} nightly-etl`);
  return args[0]!;
}

export const WORKFLOW_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'demo',
    usage: ['demo [--verbose]'],
    summary: 'The example workflows end to end on the local engine against mock services: retries, idempotency, compensation, a config flip. Needs no AWS account and leaves nothing behind.',
    options: [{ name: 'verbose' }],
    examples: ['aethon demo', 'aethon demo --verbose'],
    exitCodes: ['0  every scenario behaved as expected', '1  a scenario did not'],
    run: async (io, _args, values) => (await import('../commands/demo.ts')).demoCommand(io, { verbose: flagOption(values, 'verbose') }),
  },
  {
    name: 'new',
    usage: ['new <workflow> [--dir <project>]'],
    summary:
      'Start a workflow: writes workflows/<workflow>.yaml (two task steps), its handlers under functions/<workflow>/, and a test under test/workflows/ that runs it on the local engine, in virtual time, against a mock HTTP service. Refuses a name that is taken or not a valid workflow name, and overwrites nothing. Then prints what it wrote and what to run next.',
    options: [{ name: 'dir', description: 'The project folder to write into (default: the current folder; created if missing).' }],
    examples: ['aethon new tenant-setup', 'aethon new nightly-report --dir ../ops-automation'],
    exitCodes: ['0  written', '2  usage error: invalid or taken name, a file that would be overwritten, unknown option'],
    run: async (io, args, values) => (await import('../commands/new.ts')).newCommand(io, args, withoutUndefined({ dir: textOption(values, 'dir') })),
  },
  {
    name: 'list',
    usage: ['list [--json]'],
    summary: 'The workflows under workflows/, with type, states, triggers and whether each is valid.',
    options: [{ name: 'json', description: 'One JSON array of {name, file, type, states, triggers, valid}.' }],
    examples: ['aethon list', 'aethon list --json'],
    exitCodes: ['0  listed (an invalid workflow shows VALID NO)', '2  usage error'],
    run: async (io, _args, values) => (await import('../commands/inspect.ts')).listCommand(io, flagOption(values, 'json')),
  },
  {
    name: 'validate',
    usage: ['validate [workflow...] [--json]'],
    summary: `Check workflow files (all of workflows/ when none is named): every problem with file:line:col and a hint. ${WORKFLOW_ARGUMENT}`,
    options: [{ name: 'json', description: 'One JSON object {ok, workflows: [{file, name, ok, stateCount, functionCount, diagnostics}]}.' }],
    examples: ['aethon validate', 'aethon validate nightly-etl', 'aethon validate workflows/nightly-etl.yaml --json'],
    exitCodes: WORKFLOW_EXIT_CODES,
    run: async (io, args, values) => (await import('../commands/validate.ts')).validateCommand(io, args, flagOption(values, 'json')),
  },
  {
    name: 'asl',
    usage: ['asl <workflow> [--json]'],
    summary: `Print the compiled Amazon States Language definition: the exact artifact 'cdk deploy' ships. ${WORKFLOW_ARGUMENT}`,
    options: [{ name: 'json', description: 'One JSON object {name, type, stateCount, functions, definition}: the definition with the functions it needs.' }],
    examples: ['aethon asl nightly-etl > nightly-etl.asl.json', 'aethon asl deploy-pipeline --json'],
    exitCodes: WORKFLOW_EXIT_CODES,
    run: async (io, args, values) => (await import('../commands/inspect.ts')).aslCommand(io, oneWorkflow(args, 'asl'), flagOption(values, 'json')),
  },
  {
    name: 'graph',
    usage: ['graph <workflow> [--json]'],
    summary: `Print a Mermaid flowchart of the compiled state machine, compensation included. ${WORKFLOW_ARGUMENT}`,
    options: [{ name: 'json', description: 'One JSON object {name, mermaid}.' }],
    examples: ['aethon graph deploy-pipeline', 'aethon graph user-onboarding > onboarding.mmd'],
    exitCodes: WORKFLOW_EXIT_CODES,
    run: async (io, args, values) => (await import('../commands/inspect.ts')).graphCommand(io, oneWorkflow(args, 'graph'), flagOption(values, 'json')),
  },
  {
    name: 'run',
    usage: ['run <workflow> [options]', 'run --definition <file.asl.json> [options]'],
    summary: `Run a workflow on the local engine: handlers in worker threads, one line per state as it ends (status, duration, retries) with its handler's logs under it, a summary at the end (colour on a terminal only; NO_COLOR turns it off, FORCE_COLOR on). With --definition, run any ASL file, its tasks mocked with a Step Functions Local MockConfigFile. ${WORKFLOW_ARGUMENT}`,
    options: [
      { name: 'input' },
      { name: 'definition' },
      { name: 'mock-config' },
      { name: 'test-case' },
      { name: 'state-machine' },
      { name: 'virtual-time' },
      { name: 'env' },
      { name: 'verbose', description: 'Under each state, its log records whole and its metric (EMF) lines.' },
      { name: 'json', description: 'Exactly one JSON object {status, output, error, cause, history} on stdout; the raw log lines on stderr.' },
    ],
    examples: [
      'aethon run nightly-etl --virtual-time',
      `aethon run deploy-pipeline --input '{"service":"api"}' --env DEPLOY_API_URL=http://127.0.0.1:8080`,
      'aethon run --definition order.asl.json --mock-config MockConfigFile.json --test-case HappyPath --json',
    ],
    exitCodes: ['0  the execution SUCCEEDED', '1  it FAILED, TIMED_OUT or was ABORTED, or the workflow is invalid', '2  usage error: unknown option, invalid definition, unreadable --input, unknown workflow', '3  aethon dev runs for this project and holds the idempotency records of a step: use aethon start --local'],
    run: async (io, args, values) => {
      if (args.length > 1) throw new UsageError("'aethon run' takes one workflow");
      const { runCommand } = await import('../commands/run.ts');
      return runCommand(io, {
        ...withoutUndefined({
          workflow: args[0],
          definition: textOption(values, 'definition') || undefined,
          input: textOption(values, 'input'),
          mockConfig: textOption(values, 'mock-config') || undefined,
          testCase: textOption(values, 'test-case') || undefined,
          stateMachine: textOption(values, 'state-machine') || undefined,
        }),
        virtualTime: flagOption(values, 'virtual-time'),
        json: flagOption(values, 'json'),
        verbose: flagOption(values, 'verbose'),
        env: listOption(values, 'env'),
      });
    },
  },
  {
    name: 'invoke',
    usage: ['invoke <workflow> <step> [--input <json|file|@file>] [options]'],
    summary: `Run one task step's handler once, through the runtime wrapper (secrets, dynamic config, idempotency records, logs) on the local engine and stores under .aethon/, without the rest of the state machine: no retries, no catch, no compensation. Prints the handler's logs, then what it returned or the error it threw (name and cause). ${WORKFLOW_ARGUMENT}`,
    options: [
      { name: 'input', description: "The step's input as its state receives it: inline JSON, a JSON file, or @file (default {})." },
      { name: 'env', description: 'A variable for the handler, e.g. a service URL or AETHON_SECRET_<NAME> (repeatable).' },
      { name: 'local', description: 'Accepted for symmetry with the operations commands: invoke always runs on this machine.' },
      { name: 'verbose', description: 'Log records whole, metric (EMF) lines included.' },
      { name: 'json', description: 'One JSON object {ok, workflow, step, durationMs, result} or {ok: false, ..., error: {name, cause}} on stdout; the raw log lines on stderr.' },
    ],
    examples: [
      `aethon invoke user-onboarding createUser --input '{"email":"ada@example.com","name":"Ada"}' --env ACCOUNTS_API_URL=http://127.0.0.1:8080`,
      'aethon invoke nightly-etl transformFile --input @item.json --json',
    ],
    exitCodes: ['0  the handler returned', '1  the handler threw, its file is missing, or the workflow is invalid', '2  usage error: unknown workflow or step, a step that is not a task, malformed --input'],
    run: async (io, args, values) =>
      (await import('../commands/invoke.ts')).invokeCommand(io, args, {
        ...withoutUndefined({ input: textOption(values, 'input') }),
        json: flagOption(values, 'json'),
        verbose: flagOption(values, 'verbose'),
        env: listOption(values, 'env'),
      }),
  },
];
