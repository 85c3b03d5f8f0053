// Synth benchmark: time and template size for 1, 10 and 50 generated workflows of 10 steps each
// (bundling skipped, cdk-nag on), the cost of real esbuild bundling for one example, the state
// transitions and Step Functions cost of each example's success path, and a stage of 300 and
// 1,000 two-step workflows against CloudFormation's and the account's quotas (bench/synth/stageScale.ts).
// Run: npx tsx bench/synth.ts            (everything; prints figures, asserts nothing)
//      npx tsx bench/synth.ts --scale    (only the stage scale, 300 and 1,000 workflows)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorkflow, listWorkflowFiles } from '../lib/workspace/index.ts';
import { compileWorkflow, type CompiledWorkflow } from '../lib/compile/index.ts';
import { createAethonApp } from '../lib/infra/index.ts';
import { runExecution, VirtualClock, type TaskInvocation } from '../lib/local/index.ts';
import { parseWorkflowSpec } from '../lib/spec/index.ts';
import { printStageScale } from './synth/stageScale.ts';

const ROOT = process.cwd();
const SIZES = [1, 10, 50];
const STEPS = 10;
/** Standard workflows: $0.025 per 1,000 state transitions. */
const USD_PER_TRANSITION = 0.025 / 1000;
/** Real handler files, cycled through so that the generated specs validate. */
const HANDLERS = ['functions/nightly-etl/notify.ts', 'functions/nightly-etl/loadFile.ts', 'functions/user-onboarding/createUser.ts', 'functions/deploy-pipeline/build.ts'];

/** A Standard workflow of ten task steps with config, a secret, idempotency and a keyed trigger. */
function generatedYaml(index: number): string {
  const steps = Array.from({ length: STEPS }, (_, step) => {
    const name = `step${step}`;
    const next = step === STEPS - 1 ? 'end: true' : `next: step${step + 1}`;
    return [
      `  ${name}:`,
      '    type: task',
      `    handler: ${HANDLERS[(index + step) % HANDLERS.length]}`,
      ...(step % 3 === 0 ? ['    idempotency: { key: id, ttl: 1d }'] : []),
      ...(step === 0 ? ['    secrets: [apiKey]'] : []),
      `    ${next}`,
    ].join('\n');
  });
  return `name: generated-${index}
type: standard
timeout: 30m
triggers:
  - event:
      pattern: { source: [bench.gen${index}] }
      idempotencyKey: $.detail.id
config:
  schema: { type: object, properties: { rate: { type: integer, minimum: 1 } }, required: [rate] }
  defaults: { rate: 5 }
secrets:
  apiKey: bench/api-key-${index}
steps:
${steps.join('\n')}
`;
}

function generated(count: number): CompiledWorkflow[] {
  return Array.from({ length: count }, (_, index) => {
    const parsed = parseWorkflowSpec(`generated-${index}.yaml`, generatedYaml(index), { projectRoot: ROOT });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
    const compiled = compileWorkflow(parsed.spec);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    return compiled.workflow;
  });
}

interface SynthFigures {
  readonly ms: number;
  /** All templates, root and nested. */
  readonly bytes: number;
  readonly resources: number;
  /** The fullest single template (CloudFormation allows 500 resources per stack). */
  readonly maxStackResources: number;
  readonly stacks: number;
}

function synthOnce(workflows: readonly CompiledWorkflow[], bundle: boolean): SynthFigures {
  const outdir = mkdtempSync(join(tmpdir(), 'aethon-bench-'));
  try {
    const started = performance.now();
    const context = bundle ? {} : { 'aws:cdk:bundling-stacks': [] };
    const { app } = createAethonApp({ workflows, projectRoot: ROOT, appProps: { outdir, context } });
    app.synth();
    const ms = performance.now() - started;
    const files = readdirSync(outdir).filter((file) => file.endsWith('.template.json')).map((file) => join(outdir, file));
    const counts = files.map((file) => Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { Resources: object }).Resources).length);
    return {
      ms,
      bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
      resources: counts.reduce((sum, count) => sum + count, 0),
      maxStackResources: Math.max(...counts),
      stacks: files.length,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Handler results along each example's success path (what their output expressions read). */
const SUCCESS_RESULTS: Record<string, (input: unknown) => unknown> = {
  'functions/nightly-etl/fetchFileList.ts': () => ({ date: '2026-01-01', files: ['a.csv', 'b.csv', 'c.csv'] }),
  'functions/nightly-etl/transformFile.ts': (input) => input,
  'functions/nightly-etl/loadFile.ts': () => ({ rows: 10 }),
  'functions/nightly-etl/notify.ts': () => ({ sent: true }),
  'functions/user-onboarding/createUser.ts': () => ({ userId: 'u-1' }),
  'functions/user-onboarding/sendWelcomeEmail.ts': () => ({ sent: true }),
  'functions/user-onboarding/chargeSetupFee.ts': () => ({ chargeId: 'c-1' }),
  'functions/user-onboarding/provisionWorkspace.ts': () => ({ workspaceId: 'w-1' }),
  'functions/deploy-pipeline/checkFreeze.ts': () => ({ frozen: false }),
  'functions/deploy-pipeline/build.ts': () => ({ artifact: 'api-1.2.3.zip' }),
  'functions/deploy-pipeline/runTests.ts': () => ({ passed: true }),
  'functions/deploy-pipeline/deploy.ts': () => ({ deploymentId: 'd-1', previousVersion: '1.2.2' }),
  'functions/deploy-pipeline/verify.ts': () => ({ healthy: true }),
};
const SAMPLE_INPUT: Record<string, unknown> = {
  'nightly-etl': {},
  'user-onboarding': { email: 'ada@example.com', name: 'Ada' },
  'deploy-pipeline': { service: 'api', version: '1.2.3' },
};

/** State transitions of one successful execution: every state entered, Map iterations included. */
async function transitionsOf(workflow: CompiledWorkflow): Promise<{ transitions: number; status: string }> {
  const record = await runExecution({
    definition: workflow.definition,
    input: SAMPLE_INPUT[workflow.name] ?? {},
    clock: new VirtualClock(),
    random: () => 0.5,
    taskInvoker: async ({ parameters }: TaskInvocation) => {
      const { FunctionName, Payload } = parameters as { FunctionName: string; Payload: { input: unknown } };
      const fn = workflow.functions.find((f) => f.placeholder === FunctionName);
      const result = fn && SUCCESS_RESULTS[fn.handler.file];
      if (!result) throw new Error(`no success result for ${FunctionName}`);
      return { StatusCode: 200, Payload: result(Payload.input) };
    },
  });
  return { transitions: record.history.filter((event) => event.type.endsWith('StateEntered')).length, status: record.status };
}

const kib = (bytes: number) => (bytes / 1024).toFixed(0);
const SCALE_SIZES = [300, 1000];

if (process.argv.includes('--scale')) {
  printStageScale(SCALE_SIZES, ROOT);
  process.exit(0);
}

console.log(`Synth (bundling skipped, cdk-nag AwsSolutions on), ${STEPS} task steps per workflow, on ${process.platform}/${process.arch} Node ${process.version}`);
synthOnce(generated(1), false); // warm-up: module loading is not what grows with workflows
console.log('workflows  synth ms  ms/workflow  templates  KiB total  resources  fullest template (limit 500)');
for (const size of SIZES) {
  const workflows = generated(size);
  // The median of three runs: this machine's other work makes single runs noisy.
  const runs = [0, 1, 2].map(() => synthOnce(workflows, false)).sort((a, b) => a.ms - b.ms);
  const r = runs[1]!;
  console.log(
    `${String(size).padStart(9)}  ${r.ms.toFixed(0).padStart(8)}  ${(r.ms / size).toFixed(0).padStart(11)}  ${String(r.stacks).padStart(9)}  ${kib(r.bytes).padStart(9)}  ${String(r.resources).padStart(9)}  ${String(r.maxStackResources).padStart(4)}`,
  );
}

const examples = (await Promise.all(listWorkflowFiles(ROOT).map((file) => buildWorkflow(ROOT, file)))).filter((b) => b.ok).map((b) => b.compiled!);
const onboarding = examples.find((w) => w.name === 'user-onboarding');
if (onboarding) {
  const bundled = synthOnce([onboarding], true);
  const skipped = synthOnce([onboarding], false);
  const functions = onboarding.functions.length + 1;
  console.log(`\nReal esbuild bundling, user-onboarding (${functions} functions incl. starter): ${bundled.ms.toFixed(0)} ms vs ${skipped.ms.toFixed(0)} ms without, ~${((bundled.ms - skipped.ms) / functions).toFixed(0)} ms per function`);
}

console.log('\nState transitions per successful execution (local engine, success path) and Standard cost');
console.log('workflow          transitions  USD per 1M executions');
for (const workflow of examples) {
  const { transitions, status } = await transitionsOf(workflow);
  const usd = transitions * USD_PER_TRANSITION * 1_000_000;
  console.log(`${workflow.name.padEnd(16)}  ${String(transitions).padStart(11)}  ${`$${usd.toFixed(2)}`.padStart(21)}${status === 'SUCCEEDED' ? '' : `  (run ended ${status})`}`);
}
console.log('(nightly-etl with 3 files; each further file adds its Map iteration states. Lambda, logs and X-Ray are billed separately.)');

printStageScale(SCALE_SIZES, ROOT);
