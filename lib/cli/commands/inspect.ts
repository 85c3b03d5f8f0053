/** `aethon list`, `aethon asl <workflow>`, `aethon graph <workflow>`. */
import { relative } from 'node:path';
import { declaredEnvironment, describeEnvironmentValue, toMermaid } from '../../compile/index.ts';
import { formatDiagnostic } from '../../spec/index.ts';
import { ExitCode, type CliIo } from '../io.ts';
import { buildWorkflow, listWorkflowFiles, resolveWorkflowFile, type BuiltWorkflow } from '../../workspace/index.ts';

export async function listCommand(io: CliIo, json: boolean): Promise<number> {
  const results = await Promise.all(listWorkflowFiles(io.cwd).map((file) => buildWorkflow(io.cwd, file)));
  const rows = results.map((r) => ({
    name: r.spec?.name ?? '?',
    file: relative(io.cwd, r.file),
    type: r.spec?.type ?? '?',
    states: r.compiled?.stateCount ?? null,
    triggers: (r.spec?.triggers ?? []).map((t) => ('event' in t ? 'event' : 'schedule')),
    valid: r.ok,
  }));
  if (json) {
    io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  } else {
    const table = [['NAME', 'TYPE', 'STATES', 'TRIGGERS', 'VALID', 'FILE'], ...rows.map((r) => [r.name, r.type, String(r.states ?? '-'), r.triggers.join(',') || '-', r.valid ? 'yes' : 'NO', r.file])];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) io.stdout.write(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
  }
  return ExitCode.OK;
}

async function buildOne(io: CliIo, workflow: string): Promise<BuiltWorkflow | number> {
  const built = await buildWorkflow(io.cwd, resolveWorkflowFile(io.cwd, workflow));
  // Notes explain; they are for `validate`, not in the way of the ASL or graph printed here.
  for (const d of built.diagnostics) if (d.severity !== 'note') io.stderr.write(formatDiagnostic(d, built.source?.text) + '\n');
  return built.ok ? built : ExitCode.INVALID;
}

export async function aslCommand(io: CliIo, workflow: string, json: boolean): Promise<number> {
  const built = await buildOne(io, workflow);
  if (typeof built === 'number') return built;
  const c = built.compiled!;
  if (json) {
    const functions = c.functions.map((f) => ({
      id: f.id,
      step: f.stepName,
      role: f.role,
      handler: f.handler,
      timeoutSeconds: f.timeoutSeconds,
      memoryMb: f.memoryMb,
      environment: declaredEnvironment(c, f),
    }));
    io.stdout.write(JSON.stringify({ name: c.name, type: c.type, stateCount: c.stateCount, functions, definition: c.definition }, null, 2) + '\n');
  } else {
    io.stdout.write(c.definitionJson + '\n');
    io.stderr.write(`${c.name}: ${c.stateCount} states, ${c.functions.length} functions\n`);
    // The function settings the ASL does not show: the declared environment, per function.
    for (const f of c.functions) {
      const env = Object.entries(declaredEnvironment(c, f));
      if (env.length > 0) io.stderr.write(`  ${f.id} environment: ${env.map(([name, value]) => `${name}=${describeEnvironmentValue(value)}`).join(' ')}\n`);
    }
  }
  return ExitCode.OK;
}

export async function graphCommand(io: CliIo, workflow: string, json: boolean): Promise<number> {
  const built = await buildOne(io, workflow);
  if (typeof built === 'number') return built;
  const mermaid = toMermaid(built.compiled!.definition);
  io.stdout.write(json ? JSON.stringify({ name: built.compiled!.name, mermaid }) + '\n' : mermaid);
  return ExitCode.OK;
}
