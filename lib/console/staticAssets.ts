/**
 * The console's files, served from the package: no CDN, no build step. The page's own modules
 * live in ./static; preact, htm and dagre are served from node_modules as the ES modules their
 * packages publish, and an import map in index.html lets the page import them by package name.
 * Everything is read once, at the first request, and kept in memory (a few hundred KB).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** URL prefix of the page's modules and stylesheet. */
export const ASSET_PREFIX = '/console/';
const VENDOR_PREFIX = `${ASSET_PREFIX}vendor/`;

/** Package specifier the page imports -> [package, file inside it, URL name]. */
const VENDOR_MODULES: ReadonlyArray<readonly [specifier: string, pkg: string, file: string, urlName: string]> = [
  ['preact', 'preact', 'dist/preact.mjs', 'preact.mjs'],
  ['preact/hooks', 'preact', 'hooks/dist/hooks.mjs', 'preact-hooks.mjs'],
  ['htm', 'htm', 'dist/htm.mjs', 'htm.mjs'],
  ['@dagrejs/dagre', '@dagrejs/dagre', 'dist/dagre.esm.js', 'dagre.mjs'],
];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** One file as served. */
export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The console page and every file it loads, by URL path; index.html under '/'. */
export interface ConsoleAssets {
  readonly index: Asset;
  readonly files: ReadonlyMap<string, Asset>;
  /** The Content-Security-Policy of the page: scripts only from this server, plus the import map by hash. */
  readonly contentSecurityPolicy: string;
}

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

let loaded: ConsoleAssets | undefined;

/** Reads the assets once. @throws Error naming the package file that is missing (an incomplete install) */
export function consoleAssets(): ConsoleAssets {
  loaded ??= loadAssets();
  return loaded;
}

function loadAssets(): ConsoleAssets {
  const files = new Map<string, Asset>();
  for (const path of listFiles(STATIC_DIR)) {
    const type = CONTENT_TYPES[extname(path)];
    const urlPath = ASSET_PREFIX + relative(STATIC_DIR, path).split(sep).join('/');
    if (type && urlPath !== `${ASSET_PREFIX}index.html`) files.set(urlPath, { body: readFileSync(path), contentType: type });
  }
  const require = createRequire(import.meta.url);
  const imports: Record<string, string> = {};
  for (const [specifier, pkg, file, urlName] of VENDOR_MODULES) {
    const path = join(packageDir(require, pkg), file);
    let body: Buffer;
    try {
      body = readFileSync(path);
    } catch (error) {
      throw new Error(`the console needs ${path} from the package '${pkg}'; run npm install (${(error as Error).message})`, { cause: error });
    }
    files.set(VENDOR_PREFIX + urlName, { body: withoutSourceMapComment(body), contentType: CONTENT_TYPES['.mjs']! });
    imports[specifier] = VENDOR_PREFIX + urlName;
  }
  const importMap = JSON.stringify({ imports });
  const html = readFileSync(join(STATIC_DIR, 'index.html'), 'utf8').replace('{{IMPORT_MAP}}', importMap);
  const importMapHash = createHash('sha256').update(importMap).digest('base64');
  return {
    index: { body: Buffer.from(html), contentType: CONTENT_TYPES['.html']! },
    files,
    contentSecurityPolicy: [
      "default-src 'self'",
      `script-src 'self' 'sha256-${importMapHash}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; '),
  };
}

/** The packages' maps are not served, so their comments would only produce 404s in developer tools. */
function withoutSourceMapComment(body: Buffer): Buffer {
  return Buffer.from(body.toString('utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}

/** The folder of an installed package, found from its entry point (not every package exports its package.json). */
function packageDir(require: NodeJS.Require, pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`the console cannot find the package '${pkg}' (resolved from ${require.resolve(pkg)}); run npm install`);
    dir = parent;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
