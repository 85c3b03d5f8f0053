/**
 * Hot reload of workflows/: an edited workflow file is validated first; an invalid one is reported
 * (file:line:col) and the previous version keeps serving. A valid one serves new executions at
 * once, while running executions finish on the definition they started with (as AWS versions do).
 * Handlers are loaded once per server: an edit that changes a workflow's functions, or any edit
 * under functions/, is reported as needing a restart, and the previous version keeps serving.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { CompiledWorkflow } from '../compile/index.ts';
import { formatDiagnostic } from '../spec/index.ts';
import { buildWorkflow, listWorkflowFiles } from '../workspace/index.ts';
import type { StateMachineRegistry } from './stateMachineRegistry.ts';

/** How long edits settle before a reload (editors write a file in several steps). */
const SETTLE_MS = 150;

/** Watches workflows/ and functions/ until closed. */
export class WorkflowReloader {
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    private readonly projectRoot: string,
    private readonly registry: StateMachineRegistry,
    /** Where what happened is told (the dev command prints it). */
    private readonly notice: (message: string) => void,
  ) {}

  /** Starts watching (a missing folder is simply not watched). */
  start(): void {
    this.tryWatch(join(this.projectRoot, 'workflows'), false, () => this.schedule());
    this.tryWatch(join(this.projectRoot, 'functions'), true, (file) => this.notice(`functions/${file ?? ''} changed: handlers are loaded once; restart aethon dev to run the new code`));
  }

  /** Stops watching; resolves once a reload in progress has ended. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    await this.reloading;
  }

  /** Rebuilds every workflow file now and applies what changed. */
  async reload(): Promise<void> {
    const next = this.reloading.then(() => this.rebuild());
    this.reloading = next.catch(() => undefined);
    return next;
  }

  private tryWatch(folder: string, recursive: boolean, changed: (file: string | null) => void): void {
    try {
      const watcher = watch(folder, { recursive }, (_event, file) => changed(file));
      watcher.on('error', () => watcher.close());
      this.watchers.push(watcher);
    } catch {
      // No such folder: nothing to reload.
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload().catch((error: unknown) => this.notice(`reloading workflows/ failed: ${(error as Error).message}`)), SETTLE_MS);
  }

  private async rebuild(): Promise<void> {
    for (const file of listWorkflowFiles(this.projectRoot)) {
      const built = await buildWorkflow(this.projectRoot, file);
      if (!built.ok || !built.compiled) {
        const problems = built.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, built.source?.text));
        this.notice(`${file} is invalid; the previous version keeps serving:\n${problems.join('\n')}`);
        continue;
      }
      this.apply(built.compiled);
    }
  }

  private apply(workflow: CompiledWorkflow): void {
    const current = this.registry.find(workflow.name)?.workflow;
    if (current && JSON.stringify(current.definition) === JSON.stringify(workflow.definition) && sameFunctions(current, workflow)) return;
    if (current && !sameFunctions(current, workflow)) {
      this.notice(`workflow ${workflow.name} changed its handlers or their settings: restart aethon dev to serve it; the previous version keeps serving`);
      return;
    }
    this.registry.putWorkflow(workflow);
    this.notice(`workflow ${workflow.name} reloaded: new executions use it; running ones finish on the version they started with`);
  }
}

function sameFunctions(a: CompiledWorkflow, b: CompiledWorkflow): boolean {
  return JSON.stringify(a.functions) === JSON.stringify(b.functions);
}
