/** How `aethon config diff` prints what a deploy or local run would do to the configuration in force. */
import type { ConfigDiff } from '../../ops/config/configDiff.ts';
import { OpsExit } from '../../ops/errors.ts';
import { paletteFor } from '../../ops/format.ts';
import type { CliIo } from '../io.ts';

/** Prints the diff (`--json`: the whole report); exit 1 when the change would be refused. */
export function printDiff(io: CliIo, options: { readonly json: boolean }, diff: ConfigDiff, what: string): number {
  const refused = diff.refused.length > 0;
  if (options.json) {
    io.stdout.write(JSON.stringify({ ok: !refused, ...diff }, null, 2) + '\n');
    return refused ? OpsExit.FAILED : OpsExit.OK;
  }
  const palette = paletteFor(io.stdout, io.env);
  const value = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));
  const lines: string[] = [];
  if (diff.seeded) lines.push(`  + the workflow file's defaults become version 1: ${JSON.stringify(diff.document)}`);
  for (const k of diff.added) lines.push(`  + ${k.key} = ${value(k.value)}  (new key: the spec's default)`);
  for (const k of diff.removed) lines.push(`  - ${k.key} (was ${value(k.value)}): no longer in the schema, dropped`);
  const refusedKeys = new Set(diff.refused.map((p) => p.key));
  for (const k of diff.kept.filter((k) => !refusedKeys.has(k.key))) lines.push(`  = ${k.key} = ${value(k.value)}  (kept; the spec's default is ${value(k.default)})`);
  for (const p of diff.refused) lines.push(palette.bold(`  ! ${p.key || '(document)'} = ${value(p.value)}: ${p.message}`));
  const inForce = diff.version === undefined ? `nothing in force yet (${diff.source})` : `version ${diff.version} in force (${diff.source})`;
  const verdict = refused
    ? `${what} would be refused: set the values marked ! to ones the schema accepts ('aethon config set ${diff.workflow} <key>=<value>'), or change the schema`
    : diff.changed
      ? `${what} would put a new version in force`
      : `${what} leaves the configuration as it is`;
  io.stdout.write(`${diff.workflow}: ${inForce}; ${verdict}\n${lines.join('\n')}${lines.length ? '\n' : ''}`);
  return refused ? OpsExit.FAILED : OpsExit.OK;
}
