/**
 * Builds a handler the way `cdk deploy` does (lib/contracts/lambdaBundle.ts) before a local
 * worker loads it: the local run exercises the deployed bundle, and a worker loads one file
 * instead of registering a TypeScript loader and resolving hundreds of modules (a cold start of
 * about 1.5 s became about 0.1 s plus the build).
 */
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildFailure, type Message, type Plugin } from 'esbuild';
import { LAMBDA_BUNDLE_OPTIONS } from '../../contracts/lambdaBundle.ts';
import { LambdaErrors } from './lambdaErrors.ts';
import type { LambdaErrorBody } from './protocol.ts';

/** The Node.js this engine runs on: the bundle must load here, not only on Lambda's runtime. */
const LOCAL_TARGET = `node${process.versions.node.split('.')[0]}`;

/** A bundle, or why the handler cannot load (reported as Lambda reports a failed init). */
export type BundleOutcome = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly error: LambdaErrorBody };

/** One handler to bundle. */
export interface HandlerEntry {
  /** Names the output file; unique within one call. */
  readonly key: string;
  readonly handlerFile: string;
  /** "file (export 'x')", for messages. */
  readonly where: string;
}

/** Every handler's bundle or failure, and esbuild's warnings (`import.meta` in CommonJS, ...). */
export interface Bundles {
  readonly outcomes: Map<string, BundleOutcome>;
  /** "file:line:col: text", for the function logs. */
  readonly warnings: string[];
}

/**
 * Bundles handlers into `outDir`, one `<n>-<name>.cjs` with its source map each. They are built
 * in one esbuild run, which parses the modules they share (the step runtime, Powertools) once;
 * when that run fails, each handler is built alone so the error lands on the one that broke.
 */
export async function bundleHandlers(entries: readonly HandlerEntry[], outDir: string): Promise<Bundles> {
  const outcomes = new Map<string, BundleOutcome>();
  const warnings: string[] = [];
  const buildable: Array<HandlerEntry & { readonly name: string }> = [];
  entries.forEach((entry, index) => {
    if (existsSync(entry.handlerFile)) buildable.push({ ...entry, name: `${index}-${basename(entry.handlerFile, extname(entry.handlerFile))}` });
    else outcomes.set(entry.key, failed(LambdaErrors.IMPORT_MODULE_ERROR, `Error: Cannot find module '${entry.handlerFile}': the handler file of ${entry.where} does not exist`));
  });
  if (buildable.length === 0) return { outcomes, warnings };
  try {
    const result = await buildEntries(Object.fromEntries(buildable.map((e) => [e.name, e.handlerFile])), outDir);
    warnings.push(...result.warnings.map(describe));
    for (const entry of buildable) outcomes.set(entry.key, { ok: true, file: join(outDir, `${entry.name}.cjs`) });
  } catch (error) {
    if (buildable.length === 1) outcomes.set(buildable[0]!.key, buildFailure(error, buildable[0]!.where));
    else {
      const alone = await Promise.all(buildable.map((entry) => bundleHandlers([entry], join(outDir, entry.name))));
      for (const result of alone) {
        for (const [key, outcome] of result.outcomes) outcomes.set(key, outcome);
        warnings.push(...result.warnings);
      }
    }
  }
  return { outcomes, warnings: [...new Set(warnings)] };
}

function buildEntries(entryPoints: Record<string, string>, outdir: string): Promise<{ warnings: Message[] }> {
  return build({
    ...LAMBDA_BUNDLE_OPTIONS,
    external: [],
    plugins: [runtimeProvidedModules],
    entryPoints,
    outdir,
    outExtension: { '.js': '.cjs' },
    target: LOCAL_TARGET,
  });
}

function buildFailure(error: unknown, where: string): BundleOutcome {
  const messages = (error as Partial<BuildFailure>).errors ?? [];
  if (messages.length === 0) return failed(LambdaErrors.IMPORT_MODULE_ERROR, `Error loading ${where}: ${(error as Error).message}`);
  // An import that does not resolve fails to load as a missing module; anything else is code
  // that does not compile.
  const unresolved = messages.some((m) => m.text.startsWith('Could not resolve'));
  const type = unresolved ? LambdaErrors.IMPORT_MODULE_ERROR : LambdaErrors.USER_CODE_SYNTAX_ERROR;
  return failed(type, `Error loading ${where}: ${messages.map(describe).join('; ')}`);
}

const RESOLVING = Symbol('resolving');

/**
 * Lambda provides the AWS SDK; locally it comes from the project's node_modules. The bundle
 * lives in a temporary folder, where a bare `require('@aws-sdk/...')` would find nothing, so each
 * such import stays external under the absolute path it resolves to (with `require` conditions,
 * the CommonJS build, as Lambda's runtime loads it).
 */
const runtimeProvidedModules: Plugin = {
  name: 'aethon-runtime-provided-modules',
  setup(builder) {
    // `@aws-sdk/*` names a scope: every package in it.
    const scopes = LAMBDA_BUNDLE_OPTIONS.external.map((pattern) => (pattern.endsWith('/*') ? pattern.slice(0, -1) : pattern));
    const isProvided = (path: string): boolean => scopes.some((scope) => path === scope || (scope.endsWith('/') && path.startsWith(scope)));
    builder.onResolve({ filter: /^@/ }, async (args) => {
      if (args.pluginData === RESOLVING || !isProvided(args.path)) return undefined;
      const resolved = await builder.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, pluginData: RESOLVING });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, external: true };
    });
  },
};

function describe(message: Message): string {
  const at = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${at}${message.text}`;
}

function failed(errorType: string, errorMessage: string): BundleOutcome {
  return { ok: false, error: { errorType, errorMessage, trace: [] } };
}

/** The worker's own runtime (worker/runtime.ts) as one ES module, so no thread needs a TypeScript loader. */
export async function bundleWorkerRuntime(outDir: string): Promise<string> {
  const file = join(outDir, 'runtime.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./worker/runtime.ts', import.meta.url))],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LOCAL_TARGET,
    sourcemap: true,
    logLevel: 'silent',
  });
  return file;
}
