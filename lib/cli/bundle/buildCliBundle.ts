/**
 * Builds the CLI into dist/cli with esbuild (`npm ci` runs it as `prepare`; `npm run build:cli`
 * by hand). A fresh `aethon` process then loads compiled JavaScript instead of registering tsx
 * and compiling TypeScript, and, split by command, only the chunks of the command it runs.
 * bin/aethon.js uses the bundle only while no file it was built from has changed since.
 *
 * Run: npx tsx lib/cli/bundle/buildCliBundle.ts [--strict]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** Where bin/aethon.js looks for the bundle, relative to the project root. */
export const CLI_BUNDLE_DIR = 'dist/cli';
/** Read by bin/aethon.js: the files the bundle was built from and when the build started. */
export const CLI_BUNDLE_MANIFEST = 'manifest.json';

export interface CliBundleManifest {
  /** Milliseconds since the epoch, taken before esbuild read any source. */
  readonly builtAt: number;
  /** Project-relative paths; a change to any (or a new install: node_modules/.package-lock.json) makes the bundle stale. */
  readonly sources: readonly string[];
}

/**
 * Packages loaded from node_modules at run time rather than bundled: esbuild runs its own
 * binary, and classic-level loads a native addon found relative to its own files.
 */
const EXTERNAL_PACKAGES = ['esbuild', 'classic-level'];

/**
 * Writes the bundle into `outDir` (default `<root>/dist/cli`), replacing what was there only once
 * the build succeeded. Returns the manifest written beside it.
 */
export async function buildCliBundle(projectRoot: string, outDir = join(projectRoot, CLI_BUNDLE_DIR)): Promise<CliBundleManifest> {
  const builtAt = Date.now();
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    entryPoints: { aethon: join(projectRoot, 'bin', 'aethon.ts') },
    absWorkingDir: projectRoot,
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    external: EXTERNAL_PACKAGES,
    // Bundled CommonJS packages call require() for Node's built-ins; an ES module has none.
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    plugins: [sourceLocatedImportMeta(outDir)],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
  if (existsSync(join(projectRoot, 'node_modules', '.package-lock.json'))) sources.push('node_modules/.package-lock.json');
  const manifest: CliBundleManifest = { builtAt, sources: sources.map((source) => relative(projectRoot, resolve(projectRoot, source))) };
  writeFileSync(join(staging, CLI_BUNDLE_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  renameSync(staging, outDir);
  return manifest;
}

/**
 * Project modules find files beside them through `import.meta.url` (the local Lambda worker's
 * runtime, dynalite through createRequire). In a bundle that URL would name the bundle's chunk, so
 * each use is rewritten to the module's own source file, relative to where the bundle will live.
 */
function sourceLocatedImportMeta(outDir: string): Plugin {
  return {
    name: 'aethon-source-located-import-meta',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, (args) => {
        if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        // Chunks sit at the top of outDir: one relative path serves them all.
        const fromChunk = relative(outDir, args.path).split('\\').join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

/** The bundle's entry file, for bench and tests. */
export function cliBundleEntry(outDir: string): string {
  return join(outDir, 'aethon.mjs');
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  try {
    const manifest = await buildCliBundle(root);
    process.stdout.write(`aethon: CLI bundle built in ${CLI_BUNDLE_DIR} from ${manifest.sources.length} files in ${Date.now() - manifest.builtAt} ms\n`);
  } catch (error) {
    // `npm ci` must not fail over a speed-up: bin/aethon.js runs the sources without the bundle.
    process.stderr.write(`aethon: the CLI bundle was not built (${(error as Error).message.split('\n')[0]}); bin/aethon.js runs from source, more slowly\n`);
    process.exitCode = process.argv.includes('--strict') ? 1 : 0;
  }
}
