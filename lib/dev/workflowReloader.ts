/**
 * Hot reload of workflows/: an edited workflow file is validated first; an invalid one is reported
 * (file:line:col) and the previous version keeps serving. A valid one serves new executions at
 * once, while running executions finish on the definition they started with (as AWS versions do).
 * Handler code too: an edit under functions/ (a handler or anything it imports), or a workflow edit
 * that changes its functions, is built first; code that does not build is reported and the previous
 * version keeps serving; code that builds serves new executions, while running ones finish on the
 * workers (and code) they started with.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { CompiledWorkflow } from '../compile/index.ts';
import type { LocalEngine } from '../local/localEngine.ts';
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
  /** Something under functions/ changed since the last rebuild: every workflow's handlers reload. */
  private handlersChanged = false;

  constructor(
    private readonly projectRoot: string,
    private readonly registry: StateMachineRegistry,
    /** Where what happened is told (the dev command prints it). */
    private readonly notice: (message: string) => void,
    /** Loads handler code afresh; without it, a handler edit asks for a restart. */
    private readonly engine?: Pick<LocalEngine, 'reloadHandlers'>,
  ) {}

  /** Starts watching (a missing folder is simply not watched). */
  start(): void {
    this.tryWatch(join(this.projectRoot, 'workflows'), false, () => this.schedule());
    this.tryWatch(join(this.projectRoot, 'functions'), true, () => this.handlersEdited());
  }

  /** Stops watching; resolves once a reload in progress has ended. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    await this.reloading;
  }

  /** Marks the handler code as edited and schedules a rebuild (the watcher calls it; so can a test). */
  handlersEdited(): void {
    this.handlersChanged = true;
    this.schedule();
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
    const handlersChanged = this.handlersChanged;
    this.handlersChanged = false;
    for (const file of listWorkflowFiles(this.projectRoot)) {
      const built = await buildWorkflow(this.projectRoot, file);
      if (!built.ok || !built.compiled) {
        const problems = built.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, built.source?.text));
        this.notice(`${file} is invalid; the previous version keeps serving:\n${problems.join('\n')}`);
        continue;
      }
      await this.apply(built.compiled, handlersChanged);
    }
  }

  private async apply(workflow: CompiledWorkflow, handlersChanged: boolean): Promise<void> {
    const current = this.registry.find(workflow.name)?.workflow;
    const newHandlers = current !== undefined && workflow.functions.length > 0 && (handlersChanged || !sameFunctions(current, workflow));
    if (current && !newHandlers && JSON.stringify(current.definition) === JSON.stringify(workflow.definition) && sameFunctions(current, workflow)) return;
    if (newHandlers) {
      if (!this.engine) {
        this.notice(`workflow ${workflow.name} changed its handlers: restart aethon dev to serve them; the previous version keeps serving`);
        return;
      }
      const problems = await this.engine.reloadHandlers(workflow);
      if (problems.length > 0) {
        this.notice(`the handlers of workflow ${workflow.name} do not build; the previous version keeps serving:\n${problems.join('\n')}`);
        return;
      }
    }
    this.registry.putWorkflow(workflow);
    this.notice(`workflow ${workflow.name} reloaded${newHandlers ? ' with its handler code' : ''}: new executions use it; running ones finish on the version they started with`);
  }
}

function sameFunctions(a: CompiledWorkflow, b: CompiledWorkflow): boolean {
  return JSON.stringify(a.functions) === JSON.stringify(b.functions);
}
