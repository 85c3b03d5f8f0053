/**
 * The local config store's current.json, re-read whenever the file changes (hot reload): a stat
 * per read, so `aethon config set` takes effect on the next invocation without a restart.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ConfigSource } from './ConfigSource.ts';
import { currentConfigFile } from './localConfigStore.ts';

export function localConfigSource(localDir: string, workflow: string): ConfigSource {
  const file = currentConfigFile(localDir, workflow);
  let cached: { stamp: string; read: Awaited<ReturnType<ConfigSource['read']>> } | undefined;
  return {
    description: file,
    async read() {
      let stamp: string;
      try {
        const stat = statSync(file);
        stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
      } catch {
        return undefined;
      }
      if (cached?.stamp === stamp) return cached.read;
      let read: Awaited<ReturnType<ConfigSource['read']>>;
      try {
        const record = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; document?: unknown };
        read = record && typeof record === 'object' && 'document' in record
          ? { document: record.document, version: stamp }
          : { problem: 'current.json is not a config version record ({ version, createdAt, document })', version: stamp };
      } catch (error) {
        read = { problem: `current.json is not JSON: ${(error as Error).message}`, version: stamp };
      }
      cached = { stamp, read };
      return read;
    },
  };
}
