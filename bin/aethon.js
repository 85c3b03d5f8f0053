#!/usr/bin/env node
// The aethon CLI. `npm ci` builds it into dist/cli (lib/cli/bundle/buildCliBundle.ts): compiled
// JavaScript, split by command, starts several times faster than compiling TypeScript at run time.
// The bundle is used only while every file it was built from is unchanged since the build; else
// (or with AETHON_CLI_FROM_SOURCE=1) tsx runs bin/aethon.ts from source, so an edit is never
// missed. AETHON_CLI_TRACE=1 says on stderr which one runs and why; AETHON_CLI_BUNDLE_DIR points at
// another bundle (tests).
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The AWS SDK warns about Node 20 on every client; the warning is not actionable for a user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const bundleDir = resolve(process.env.AETHON_CLI_BUNDLE_DIR ?? join(projectRoot, 'dist', 'cli'));

/** Why the bundle cannot be used, or undefined when it can. */
function whyFromSource() {
  if (process.env.AETHON_CLI_FROM_SOURCE === '1') return 'AETHON_CLI_FROM_SOURCE=1';
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8'));
    statSync(join(bundleDir, 'aethon.mjs'));
  } catch {
    return `no bundle in ${bundleDir} (npm run build:cli builds it)`;
  }
  for (const source of manifest.sources) {
    let changedAt;
    try {
      changedAt = statSync(resolve(projectRoot, source)).mtimeMs;
    } catch {
      return `${source}, which the bundle was built from, is gone (npm run build:cli rebuilds it)`;
    }
    if (changedAt > manifest.builtAt) return `${source} changed after the bundle was built (npm run build:cli rebuilds it)`;
  }
  return undefined;
}

const reason = whyFromSource();
if (process.env.AETHON_CLI_TRACE === '1') process.stderr.write(`aethon: ${reason === undefined ? `running the bundle in ${bundleDir}` : `running from source: ${reason}`}\n`);
if (reason === undefined) {
  await import(pathToFileURL(join(bundleDir, 'aethon.mjs')).href);
} else {
  // Node 20 cannot load TypeScript by itself: register tsx, then hand over to bin/aethon.ts.
  const { register } = await import('tsx/esm/api');
  register();
  await import('./aethon.ts');
}
