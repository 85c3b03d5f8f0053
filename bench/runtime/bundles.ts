/**
 * Production bundles of the example handlers as CDK's NodejsFunction builds them (esbuild, minified,
 * node20), in four variants: CommonJS (NodejsFunction's default) or ESM (with CDK's require shim),
 * each with the AWS SDK bundled or left to the Lambda runtime (`@aws-sdk/*` external, the
 * NodejsFunction default for Node 18+). For each: size, and module-init time in a fresh Node
 * process (the cold-start proxy), median of several runs.
 *
 * The runtime loads its AWS clients, ajv and JMESPath on first use (dynamic import), so module init
 * alone does not show their cost; the "eager" figure imports them up front as well, which is what a
 * cold invocation of an idempotent, secret- and config-reading step pays in total.
 *
 * Every handler is measured in the chosen variant (cjs, SDK external); three representative ones in
 * the other variants, to keep the run short.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Inside node_modules, so the external variant resolves @aws-sdk/* the way Lambda's runtime does.
const outRoot = join(root, 'node_modules/.cache/aethon-bench');

export type Variant = 'cjs-sdk-external' | 'cjs-sdk-bundled' | 'esm-sdk-external' | 'esm-sdk-bundled';
export const CHOSEN_VARIANT: Variant = 'cjs-sdk-external';
const REPRESENTATIVES = ['functions/user-onboarding/chargeSetupFee.ts', 'functions/user-onboarding/refundSetupFee.ts', 'functions/deploy-pipeline/checkFreeze.ts'];

export interface BundleFigures {
  readonly handler: string;
  readonly variant: Variant;
  readonly bytes: number;
  readonly initMs: number;
  readonly eagerInitMs: number;
}

const LAZY_MODULES = ['lib/runtime/idempotency/StepIdempotency.ts', 'lib/runtime/secrets/awsSecretSource.ts', 'lib/runtime/config/appConfigSource.ts', 'lib/runtime/config/validateConfig.ts'];

function handlers(): string[] {
  const dir = join(root, 'functions');
  return readdirSync(dir).flatMap((workflow) => readdirSync(join(dir, workflow)).filter((f) => f.endsWith('.ts')).map((f) => join('functions', workflow, f)));
}

async function bundle(entry: string, outfile: string, variant: Variant): Promise<void> {
  const esm = variant.startsWith('esm');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: esm ? 'esm' : 'cjs',
    mainFields: esm ? ['module', 'main'] : ['main', 'module'],
    // CDK's documented banner for ESM bundles: CommonJS dependencies still call require().
    ...(esm ? { banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" } } : {}),
    external: variant.endsWith('sdk-external') ? ['@aws-sdk/*'] : [],
    logLevel: 'error',
  });
}

/**
 * Median time to load the bundle in a fresh Node process: `require` for CommonJS, as Lambda's
 * runtime loads a .js/.cjs handler, `import()` for ESM.
 */
function initTime(file: string, runs: number): number {
  const load = file.endsWith('.mjs') ? `await import(${JSON.stringify(file)})` : `createRequire(import.meta.url)(${JSON.stringify(file)})`;
  const script = `import{createRequire}from'node:module';const t=performance.now();${load};process.stdout.write(String(performance.now()-t));`;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    samples.push(Number(out.toString()));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export async function measureBundles(runs = 5): Promise<BundleFigures[]> {
  rmSync(outRoot, { recursive: true, force: true });
  mkdirSync(outRoot, { recursive: true });
  const figures: BundleFigures[] = [];
  for (const handler of handlers()) {
    const name = handler.replace(/^functions\//, '').replace(/\.ts$/, '').replace(/\//g, '__');
    const eagerEntry = join(outRoot, `${name}.eager.ts`);
    writeFileSync(eagerEntry, [`export * from ${JSON.stringify(join(root, handler))};`, ...LAZY_MODULES.map((m) => `import ${JSON.stringify(join(root, m))};`)].join('\n'));
    const variants: Variant[] = REPRESENTATIVES.includes(handler) ? ['cjs-sdk-external', 'cjs-sdk-bundled', 'esm-sdk-external', 'esm-sdk-bundled'] : [CHOSEN_VARIANT];
    for (const variant of variants) {
      const ext = variant.startsWith('esm') ? 'mjs' : 'cjs';
      const outfile = join(outRoot, `${name}.${variant}.${ext}`);
      const eagerOut = join(outRoot, `${name}.${variant}.eager.${ext}`);
      await bundle(join(root, handler), outfile, variant);
      await bundle(eagerEntry, eagerOut, variant);
      figures.push({ handler: relative(root, join(root, handler)), variant, bytes: statSync(outfile).size, initMs: initTime(outfile, runs), eagerInitMs: initTime(eagerOut, runs) });
    }
  }
  return figures;
}
