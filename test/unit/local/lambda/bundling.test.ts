import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLambdaInvoker } from '../../../../lib/local/lambda/index.ts';
import { handlerPath, invocation, rejectionOf } from './fixtures.ts';

// Handlers run as `cdk deploy` builds them (one minified CommonJS bundle each), so code that
// would not build or load on Lambda fails locally, with the file and line, as its init would.
const dir = mkdtempSync(join(tmpdir(), 'aethon-bundling-'));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const logs: string[] = [];
const invoker = createLambdaInvoker({
  functions: {
    defaultExport: { functionName: 'defaultExport', exportName: 'default', handlerFile: write('defaultExport.ts', "export default async () => 'default ran';\n") },
    importMeta: { functionName: 'importMeta', handlerFile: write('importMeta.ts', 'export const handler = async () => typeof import.meta.url;\n') },
    errors: { functionName: 'errors', handlerFile: handlerPath('errors.ts') },
    syntax: { functionName: 'syntax', handlerFile: write('syntax.ts', 'export const handler = async (event) => {\n  return { ok: true ;\n};\n') },
    unresolved: { functionName: 'unresolved', handlerFile: write('unresolved.ts', "import { x } from './notThere.ts';\nexport const handler = async () => x;\n") },
    // CommonJS, as deployed, has no top-level await: the deploy's bundle would not build either.
    topLevelAwait: { functionName: 'topLevelAwait', handlerFile: write('tla.ts', 'const config = await Promise.resolve(1);\nexport const handler = async () => config;\n') },
  },
  onLog: (line) => void logs.push(line),
});
afterAll(() => invoker.close());
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

const causeOf = (error: Error): { errorType: string; errorMessage: string; trace: string[] } => JSON.parse(error.message);

describe('Function: createLambdaInvoker (bundled handlers)', () => {
  it('fails a handler that does not compile with Runtime.UserCodeSyntaxError at its file and line', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('syntax', {})));
    // Assess
    expect(error.name).toBe('Runtime.UserCodeSyntaxError');
    expect(causeOf(error).errorMessage).toMatch(/syntax\.ts \(export 'handler'\): .*syntax\.ts:2:\d+: Expected "}" but found ";"/);
  });

  it('fails a handler whose import does not resolve with Runtime.ImportModuleError naming the import', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('unresolved', {})));
    // Assess
    expect(error.name).toBe('Runtime.ImportModuleError');
    expect(causeOf(error).errorMessage).toMatch(/unresolved\.ts:1:\d+: Could not resolve "\.\/notThere\.ts"/);
  });

  it('refuses top-level await, which the deployed CommonJS bundle cannot hold', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('topLevelAwait', {})));
    // Assess
    expect(error.name).toBe('Runtime.UserCodeSyntaxError');
    expect(causeOf(error).errorMessage).toMatch(/tla\.ts:1:\d+: Top-level await is currently not supported with the "cjs" output format/);
  });

  it('still runs the handlers that build, with stack traces that point into the TypeScript source', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('errors', { kind: 'named' })));
    // Assess: the bundle is minified, the trace reads as the source (source maps, as deployed).
    expect(error.name).toBe('Aethon.Retryable');
    expect(causeOf(error).trace[1]).toMatch(/fixtures\/handlers\/errors\.ts:7:\d+\)$/);
  });

  it('loads `export default` as the export named default, as the Lambda runtime does after require()', async () => {
    // Act
    const result = await invoker(invocation('defaultExport', {}));
    // Assess
    expect(result).toBe('default ran');
  });

  it('logs what esbuild warns about, such as import.meta in the CommonJS bundle', async () => {
    // Act
    const result = await invoker(invocation('importMeta', {}));
    // Assess: import.meta is empty in CommonJS, on Lambda too; the warning says where.
    expect(result).toBe('undefined');
    expect(logs.some((line) => /^bundling: .*importMeta\.ts:1:\d+: .*import\.meta/.test(line))).toBe(true);
  });

  it('accepts asynchronous and dry-run invocations of a handler that does not build, as Lambda does', async () => {
    // Act
    const event = await invoker(invocation(LAMBDA_INVOKE, { FunctionName: 'syntax', InvocationType: 'Event', Payload: {} }));
    const dryRun = await invoker(invocation(LAMBDA_INVOKE, { FunctionName: 'syntax', InvocationType: 'DryRun', Payload: {} }));
    // Assess: accepted; the failure of the asynchronous one only shows in the log.
    expect(event).toMatchObject({ StatusCode: 202 });
    expect(dryRun).toMatchObject({ StatusCode: 204 });
    await expect.poll(() => logs.some((line) => line.startsWith('Async invocation failed') && line.includes('syntax.ts'))).toBe(true);
  });
});

describe('Function: createLambdaInvoker (closed while building)', () => {
  it('fails an invocation still waiting for its bundle with "closed", and starts no worker', async () => {
    // Prepare
    const early = createLambdaInvoker({ functions: { errors: { functionName: 'errors', handlerFile: handlerPath('errors.ts') } }, onLog: () => undefined });
    // Act
    const pending = rejectionOf(early(invocation('errors', { kind: 'named' })));
    await early.close();
    const error = await pending;
    // Assess
    expect(error.message).toBe('The Lambda invoker is closed');
  });
});
