/**
 * `npx tsx bench/runtime.ts [--quick]`: figures for the step runtime, printed, never asserted.
 * 1. Per-invocation overhead of the step wrapper against the bare handler (see runtime/overhead.ts).
 * 2. Production bundle size and module-init time of every example handler, with the AWS SDK bundled
 *    and external (see runtime/bundles.ts).
 * Targets: wrapper overhead < 1 ms excluding the DynamoDB round trips; bundles < 500 KB with module
 * init < 150 ms.
 */
import { CHOSEN_VARIANT, measureBundles, type Variant } from './runtime/bundles.ts';
import { measureOverhead } from './runtime/overhead.ts';

const quick = process.argv.includes('--quick');
const us = (n: number) => `${n.toFixed(1).padStart(9)} µs`;

const { figures, bytesPerInvocation } = await measureOverhead(quick ? 500 : 3000, quick ? 100 : 400);
console.log('\nStep wrapper overhead per invocation (mean / p50 / p99)');
for (const f of figures) console.log(`  ${f.name.padEnd(40)} ${us(f.meanUs)} ${us(f.p50Us)} ${us(f.p99Us)}   (n=${f.iterations})`);
const byName = Object.fromEntries(figures.map((f) => [f.name, f]));
const over = (name: string, pick: 'meanUs' | 'p50Us') => ((byName[name]![pick] - byName['bare handler']![pick]) / 1000).toFixed(3);
console.log(`  => wrapper overhead (mean / p50): ${over('step(): logger + metrics', 'meanUs')} / ${over('step(): logger + metrics', 'p50Us')} ms`);
console.log(`  => with zod/mini input validation: ${over('step(): + zod/mini input', 'meanUs')} / ${over('step(): + zod/mini input', 'p50Us')} ms`);
console.log(`  => with idempotency, excluding the DynamoDB round trips: ${over('step(): + idempotency, minus DynamoDB calls', 'meanUs')} / ${over('step(): + idempotency, minus DynamoDB calls', 'p50Us')} ms`);
console.log(`  => log + EMF output: ${Math.round(bytesPerInvocation)} bytes per invocation`);

const bundles = await measureBundles(quick ? 3 : 5);
console.log(`\nProduction bundles (esbuild, minified, node20); init = median module import in a fresh process; chosen variant: ${CHOSEN_VARIANT}`);
console.log(`  ${'handler'.padEnd(46)} ${'variant'.padEnd(13)} ${'size'.padStart(9)} ${'init'.padStart(9)} ${'init+AWS clients'.padStart(17)}`);
for (const b of bundles) {
  console.log(`  ${b.handler.padEnd(46)} ${b.variant.padEnd(17)} ${`${(b.bytes / 1024).toFixed(0)} KB`.padStart(9)} ${`${b.initMs.toFixed(1)} ms`.padStart(9)} ${`${b.eagerInitMs.toFixed(1)} ms`.padStart(17)}`);
}
for (const variant of ['cjs-sdk-external', 'cjs-sdk-bundled', 'esm-sdk-external', 'esm-sdk-bundled'] as Variant[]) {
  const rows = bundles.filter((b) => b.variant === variant);
  const max = (pick: (b: (typeof rows)[number]) => number) => Math.max(...rows.map(pick));
  const mean = (pick: (b: (typeof rows)[number]) => number) => rows.reduce((a, b) => a + pick(b), 0) / rows.length;
  console.log(`  ${variant} (${rows.length} handlers): max size ${(max((b) => b.bytes) / 1024).toFixed(0)} KB; init mean ${mean((b) => b.initMs).toFixed(1)} ms, max ${max((b) => b.initMs).toFixed(1)} ms; with AWS clients mean ${mean((b) => b.eagerInitMs).toFixed(1)} ms, max ${max((b) => b.eagerInitMs).toFixed(1)} ms`);
}
