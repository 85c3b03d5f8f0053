/** `aethon validate [workflow...]`: every problem in every file, located. */
import { formatDiagnostic } from '../../spec/index.ts';
import { ExitCode, type CliIo } from '../io.ts';
import { buildWorkflow, listWorkflowFiles, resolveWorkflowFile } from '../../workspace/index.ts';
import { relative } from 'node:path';

export async function validateCommand(io: CliIo, workflows: string[], json: boolean): Promise<number> {
  const files = workflows.length > 0 ? workflows.map((w) => resolveWorkflowFile(io.cwd, w)) : listWorkflowFiles(io.cwd);
  const results = await Promise.all(files.map((file) => buildWorkflow(io.cwd, file)));
  const allOk = results.every((r) => r.ok);
  if (json) {
    const report = results.map((r) => ({
      file: relative(io.cwd, r.file),
      name: r.spec?.name,
      ok: r.ok,
      stateCount: r.compiled?.stateCount,
      functionCount: r.compiled?.functions.length,
      diagnostics: r.diagnostics,
    }));
    io.stdout.write(JSON.stringify({ ok: allOk, workflows: report }, null, 2) + '\n');
    return allOk ? ExitCode.OK : ExitCode.INVALID;
  }
  if (results.length === 0) io.stderr.write('no workflow files found under workflows/\n');
  for (const result of results) {
    const shown = relative(io.cwd, result.file);
    // A note explains a consequence of a valid file: one line, without the excerpt.
    for (const diagnostic of result.diagnostics) io.stderr.write(formatDiagnostic(diagnostic, diagnostic.severity === 'note' ? undefined : result.source?.text) + '\n');
    if (result.ok) {
      const c = result.compiled!;
      io.stdout.write(`ok      ${shown}: ${c.name}, ${c.stateCount} states, ${c.functions.length} functions\n`);
    } else {
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      io.stdout.write(`invalid ${shown}: ${errors} error${errors === 1 ? '' : 's'}\n`);
    }
  }
  return allOk ? ExitCode.OK : ExitCode.INVALID;
}
