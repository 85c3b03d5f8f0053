/**
 * Small JSON documents kept next to the executions in the same LevelDB (the dev server's state
 * machines, its running executions' resume notes, its virtual time), so one lock and one
 * atomic batch cover them and the execution records together.
 *
 *   d|<kind>|<id>   -> document
 */
import type { ClassicLevel } from 'classic-level';

const SEP = '\x00';

/** Documents grouped by kind, each under an id unique in its kind. */
export interface StoredDocuments {
  put(kind: string, id: string, value: unknown): Promise<void>;
  get<T>(kind: string, id: string): Promise<T | undefined>;
  /** Every document of one kind, in id order. */
  list<T>(kind: string): Promise<{ readonly id: string; readonly value: T }[]>;
  delete(kind: string, id: string): Promise<void>;
}

/** The key of one document. */
export const documentKey = (kind: string, id: string): string => ['d', kind, id].join(SEP);

/** Documents over an open database; `ensureOpen` throws once the store is closed. */
export function documentsOver(db: ClassicLevel<string, unknown>, ensureOpen: () => void): StoredDocuments {
  return {
    put: async (kind, id, value) => {
      ensureOpen();
      await db.put(documentKey(kind, id), value);
    },
    get: async <T>(kind: string, id: string) => {
      ensureOpen();
      return (await db.get(documentKey(kind, id))) as T | undefined;
    },
    list: async <T>(kind: string) => {
      ensureOpen();
      const prefix = `d${SEP}${kind}${SEP}`;
      const found: { id: string; value: T }[] = [];
      for await (const [key, value] of db.iterator({ gt: prefix, lt: `d${SEP}${kind}\x01` })) found.push({ id: key.slice(prefix.length), value: value as T });
      return found;
    },
    delete: async (kind, id) => {
      ensureOpen();
      await db.del(documentKey(kind, id));
    },
  };
}
