import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = new URL('../../../../lib/local/engine/', import.meta.url).pathname;
const JSONATA_DIR = new URL('../../../../lib/local/jsonata/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('Engine seams', () => {
  // Time and randomness are injected (Clock, random): only the clock implementations and the
  // documented default at the engine boundary may touch the globals.
  it('never reads wall time, sets timers or draws randomness outside the clock', () => {
    const allowed: Record<string, RegExp[]> = {
      'clock.ts': [/Date\.now\(\)/, /setTimeout\(/, /Date\.UTC\(/],
      'virtualClock.ts': [/Date\.now\(\)/, /setTimeout\(/, /Date\.UTC\(/],
      'runExecution.ts': [/options\.random \?\? Math\.random/, /@default Math\.random/],
    };
    const offenders: string[] = [];
    for (const file of [...sources(ENGINE_DIR), ...sources(JSONATA_DIR)]) {
      const text = readFileSync(file, 'utf8');
      const allowedHere = allowed[file.split('/').pop()!] ?? [];
      for (const pattern of [/Date\.now\(/g, /setTimeout\(/g, /setInterval\(/g, /Math\.random/g, /new Date\(\)/g]) {
        for (const match of text.matchAll(pattern)) {
          const line = text.slice(text.lastIndexOf('\n', match.index) + 1, text.indexOf('\n', match.index));
          if (!allowedHere.some((ok) => ok.test(line))) offenders.push(`${file}: ${line.trim()}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps engine files small', () => {
    const long = sources(ENGINE_DIR).filter((file) => readFileSync(file, 'utf8').split('\n').length > 300);
    expect(long).toEqual([]);
  });
});
