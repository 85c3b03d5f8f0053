/**
 * The `aethon` command line. Commands are thin: each calls into spec, compile or local.
 * Streams come in as arguments so tests run commands in-process.
 */
import { parseArgs } from 'node:util';
import { aslCommand, graphCommand, listCommand } from './commands/inspect.ts';
import { demoCommand } from './commands/demo.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { ExitCode, UsageError, type CliIo } from './io.ts';
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

A workflow is a name from workflows/ (nightly-etl) or a path (workflows/nightly-etl.yaml).

Options:
  --json                    Machine-readable output on stdout (run: exactly one JSON object
                            {status, output, error, cause, history}).
  --input <file|json>       The execution input (run).
  --virtual-time            Skip waits and retry backoffs instantly (run).
  --mock-config <file>      A MockConfigFile; with --test-case <name> [--state-machine <name>] (run).
  --env NAME=value          A variable for every handler, e.g. a service URL (run; repeatable).
  --verbose                 Print handler log records whole, metrics included (demo).
  -h, --help                This help.

Exit codes:
  0  success
  1  a workflow is invalid, or (run) the execution FAILED, TIMED_OUT or was ABORTED
  2  usage error: unknown command, missing argument, unknown workflow, invalid definition
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
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
      default:
        return usage(io, `unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof WorkflowNotFoundError) return usage(io, error.message);
    throw error;
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
