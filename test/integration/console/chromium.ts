/**
 * Chromium for the console tests: playwright-core drives the system's chromium-headless-shell
 * (`apt-get install -y chromium-headless-shell`; .ci/run installs it). Without one the tests are
 * skipped with a loud message, never silently.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.AETHON_CHROMIUM, '/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => Boolean(path));

/** The Chromium executable found, or undefined. */
export const chromiumPath: string | undefined = CANDIDATES.find((path) => existsSync(path));

if (!chromiumPath) {
  const banner = '!'.repeat(100);
  console.warn(`\n${banner}\n!!! CONSOLE BROWSER TESTS SKIPPED: no Chromium at ${CANDIDATES.join(', ')}.\n!!! Install one: apt-get install -y chromium-headless-shell (or set AETHON_CHROMIUM).\n${banner}\n`);
}

export function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no Chromium: apt-get install -y chromium-headless-shell');
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}
