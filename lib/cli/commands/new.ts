/**
 * `aethon new <workflow> [--dir <project>]`: a workflow file, its handlers and a passing test
 * (see lib/cli/scaffold), then what was written and the commands to run next.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ExitCode, UsageError, type CliIo } from '../io.ts';
import { scaffoldWorkflow } from '../scaffold/scaffoldWorkflow.ts';

export interface NewCommandOptions {
  /** The project folder, relative to the current one. @default the current folder */
  readonly dir?: string;
}

export async function newCommand(io: CliIo, args: readonly string[], options: NewCommandOptions): Promise<number> {
  if (args.length !== 1) throw new UsageError("'aethon new' takes one workflow name, e.g. aethon new tenant-setup");
  const projectRoot = resolve(io.cwd, options.dir ?? '.');
  const written = scaffoldWorkflow(projectRoot, args[0]!);
  const where = relative(io.cwd, projectRoot);
  const input = `'{"id":"r-1","name":"Acme"}'`;
  io.stdout.write(
    [
      `Wrote ${written.workflow}${where ? ` in ${where}` : ''}:`,
      ...written.files.map((file) => `  ${file}`),
      '',
      `Next${where ? ` (in ${where})` : ''}:`,
      ...(existsSync(join(projectRoot, 'node_modules', 'vitest')) ? [] : ['  npm install --save-dev vitest                 the test runs with vitest, not installed here yet']),
      `  npx aethon validate ${written.workflow}          check it: every problem with file:line:col`,
      `  npx vitest run ${written.testFile}   its test: the local engine against a mock service`,
      `  npx aethon invoke ${written.workflow} checkRequest --input ${input}`,
      `  npx aethon run ${written.workflow} --input ${input} --env ${written.serviceVariable}=http://127.0.0.1:8080`,
      '      (needs your service, or a stand-in, on that port: the README\'s "Your first workflow" starts one)',
      `Then make the steps yours: workflows/${written.workflow}.yaml and functions/${written.workflow}/.`,
      '',
    ].join('\n'),
  );
  return ExitCode.OK;
}
