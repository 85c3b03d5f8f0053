/**
 * /aethon/workflows: what the Step Functions API does not say about a workflow and the page needs:
 * whether a trigger names executions after an idempotency key (a rerun with the same key then
 * replays) and whether it has a configuration. No secrets: only names and flags leave the server.
 */
import type { ConsoleHandles } from './handles.ts';

export interface WorkflowSummary {
  readonly name: string;
  readonly type: 'standard' | 'express';
  /** An event trigger declares an idempotencyKey: executions are named after it. */
  readonly idempotencyKeyTriggers: boolean;
  readonly hasConfig: boolean;
  /** A step keeps idempotency records (which the page lists and releases). */
  readonly hasIdempotency: boolean;
}

export function listWorkflows(handles: ConsoleHandles): { workflows: WorkflowSummary[] } {
  return {
    workflows: handles.workflows().map((workflow) => ({
      name: workflow.name,
      type: workflow.type,
      idempotencyKeyTriggers: (workflow.spec.triggers ?? []).some((trigger) => 'event' in trigger && trigger.event !== undefined && 'idempotencyKey' in trigger.event && trigger.event.idempotencyKey !== undefined),
      hasConfig: workflow.config !== undefined,
      hasIdempotency: workflow.functions.some((f) => f.role === 'task' && Boolean(f.idempotency)),
    })),
  };
}
