/**
 * `npx tsx bench/cli.ts [--runs N] [--from-source]`: start-up and short-command wall time of the
 * `aethon` CLI as a user runs it (a fresh `node bin/aethon.js` process each time), next to the
 * `local-sfn` CLI of aws-local-stepfunctions on the same one-Pass-state definition, measured in
 * the same run so the machine's load affects both. Prints the median of N runs per case and
 * whether bin/aethon.js ran the bundle (dist/cli, `npm run build:cli`) or the sources through
 * tsx (--from-source forces that); asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const AETHON = join(ROOT, 'bin', 'aethon.js');
// Its bin file, run by node directly as bin/aethon.js is: `npx` itself would add ~0.3 s to the reference.
const LOCAL_SFN = join(ROOT, 'node_modules', 'aws-local-stepfunctions', 'bin', 'CLI.cjs');

/** The targets of issue 16, on the machine where they were set. */
const TARGET_SECONDS: Readonly<Record<string, number>> = { 'aethon --help': 0.3, 'aethon validate': 0.8, 'aethon run --definition (Pass) --json': 0.7 };

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Exit codes that mean the command did what it should (validate exits 1 on an invalid example). */
  readonly okCodes?: readonly number[];
  /** Standard input: local-sfn reads its execution input there whenever stdin is not a terminal. */
  readonly stdin?: string;
}

function runsOption(argv: readonly string[]): number {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 7;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a positive whole number, not '${argv[at + 1]}'`);
  return runs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Seconds for one process, start to exit; throws when it fails so a broken case never reads as fast. */
function timeOnce(testCase: Case, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, testCase.args, { cwd: ROOT, encoding: 'utf8', input: testCase.stdin ?? '', env });
  const seconds = (performance.now() - started) / 1000;
  if (!(testCase.okCodes ?? [0]).includes(result.status ?? -1)) throw new Error(`${testCase.name} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  return seconds;
}

/** What bin/aethon.js says it runs: the bundle, or the sources and why. */
function cliMode(env: NodeJS.ProcessEnv): string {
  const traced = spawnSync(process.execPath, [AETHON, '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...env, AETHON_CLI_TRACE: '1' } });
  // An older bin/aethon.js (before the bundle) reports nothing: it always compiled at run time.
  return traced.stderr.trim().replace(/^aethon: /, '') || 'not reported (a shim without AETHON_CLI_TRACE)';
}

function main(): void {
  const runs = runsOption(process.argv.slice(2));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...(process.argv.includes('--from-source') ? { AETHON_CLI_FROM_SOURCE: '1' } : {}) };
  const scratch = mkdtempSync(join(tmpdir(), 'aethon-bench-cli-'));
  try {
    const definition = join(scratch, 'pass.asl.json');
    const passMachine = { StartAt: 'Only', States: { Only: { Type: 'Pass', Result: { ok: true }, End: true } } };
    writeFileSync(definition, JSON.stringify(passMachine));
    const cases: Case[] = [
      { name: 'aethon --help', args: [AETHON, '--help'] },
      { name: 'aethon run --help', args: [AETHON, 'run', '--help'] },
      { name: 'aethon validate', args: [AETHON, 'validate'], okCodes: [0, 1] },
      { name: 'aethon list', args: [AETHON, 'list'] },
      { name: 'aethon run --definition (Pass) --json', args: [AETHON, 'run', '--definition', definition, '--json'] },
      { name: 'local-sfn --help (reference)', args: [LOCAL_SFN, '--help'] },
      { name: 'local-sfn -f (Pass) (reference)', args: [LOCAL_SFN, '-f', definition], stdin: '{}' },
    ];
    // One unmeasured round first: the page cache and esbuild's first start are not what a user
    // waits for on the second call of the day.
    for (const testCase of cases) timeOnce(testCase, env);
    process.stdout.write(`median wall time of ${runs} runs each (node ${process.version}; bin/aethon.js: ${cliMode(env)})\n`);
    for (const testCase of cases) {
      const seconds = median(Array.from({ length: runs }, () => timeOnce(testCase, env)));
      const target = TARGET_SECONDS[testCase.name];
      const verdict = target === undefined ? '' : `  target < ${target.toFixed(2)} s: ${seconds < target ? 'met' : 'MISSED'}`;
      process.stdout.write(`  ${testCase.name.padEnd(40)} ${seconds.toFixed(3)} s${verdict}\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
