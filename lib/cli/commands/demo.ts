/**
 * `aethon demo` (what `npm start` runs): the example workflows end to end on the local engine, on
 * virtual time, against mock services on loopback. Needs no AWS account and leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServices } from '../../demo/demoServices.ts';
import { SCENARIOS } from '../../demo/scenarios.ts';
import { LocalEngine, type CapturedLog } from '../../local/localEngine.ts';
import { ExitCode, type CliIo } from '../io.ts';
import { formatSummary, summarize } from '../runSummary.ts';

const NEXT_STEPS = `
What to try next:
  npx aethon graph user-onboarding          see the compiled state machine, compensation included
  npx aethon asl nightly-etl                the exact ASL that 'cdk deploy' ships
  npx aethon run --help                     run a workflow yourself, with --virtual-time and mocks
  npm test                                  the whole suite: spec, compiler, engine, runtime
  edit workflows/*.yaml, then npx aethon validate   errors come with file:line:col and a hint
`;

export async function demoCommand(io: CliIo, options: { verbose: boolean }): Promise<number> {
  const localDir = mkdtempSync(join(tmpdir(), 'aethon-demo-'));
  const services = await startDemoServices();
  const engine = await LocalEngine.start({
    projectRoot: io.cwd,
    localDir,
    virtualTime: true,
    environment: {
      ...services.environment,
      // Demo credentials for the mock services: not secrets, and redacted from logs all the same.
      AETHON_SECRET_PARTNER_API_KEY: 'demo-partner-key',
      AETHON_SECRET_PAYMENTS_API_KEY: 'demo-payments-key',
      AETHON_SECRET_EMAIL_API_KEY: 'demo-email-key',
    },
    // Logs and summaries share stdout so they read in order.
    onLog: (log) => io.stdout.write(formatLog(log, options.verbose)),
  });
  let failures = 0;
  try {
    io.stdout.write('Aethon demo: the example workflows on the local engine, against mock services (no AWS account).\n');
    for (const [i, scenario] of SCENARIOS.entries()) {
      io.stdout.write(`\n[${i + 1}/${SCENARIOS.length}] ${scenario.title}\n    shows: ${scenario.shows}\n`);
      const started = Date.now();
      const run = await scenario.run(engine, services);
      io.stdout.write(formatSummary(run, summarize(run), Date.now() - started).replace(/^\n/, ''));
      const problem = scenario.check(run, services);
      io.stdout.write(problem ? `    NOT AS EXPECTED: ${problem}\n` : '    as expected\n');
      if (problem) failures++;
    }
  } finally {
    await engine.close();
    await services.close();
    rmSync(localDir, { recursive: true, force: true });
  }
  io.stdout.write(`\n${SCENARIOS.length - failures} of ${SCENARIOS.length} scenarios ended as expected.\n${NEXT_STEPS}`);
  return failures === 0 ? ExitCode.OK : ExitCode.INVALID;
}

/** One short line per handler log record; the full JSON with --verbose. Metrics (EMF) only then. */
function formatLog(log: CapturedLog, verbose: boolean): string {
  if (verbose) return `    ${log.line}\n`;
  try {
    const record = JSON.parse(log.line) as { level?: string; message?: string; attempt?: number; error?: { name?: string; message?: string }; _aws?: unknown };
    if (record._aws || !record.message) return '';
    const error = record.error ? ` ${record.error.name}: ${record.error.message}` : '';
    return `    ${(record.level ?? '').padEnd(5)} ${log.stateName ?? log.functionName} (attempt ${record.attempt ?? 1}): ${record.message}${error}\n`;
  } catch {
    return `    ${log.line}\n`;
  }
}
