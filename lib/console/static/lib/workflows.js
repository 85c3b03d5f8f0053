/** The state machines `aethon dev` serves, and what Aethon knows of its own workflows. */
import { aethon, sfnAll } from './api.js';

let cached;

/** [{ name, stateMachineArn, type, aethon?: { idempotencyKeyTriggers, hasConfig } }], loaded once per page. */
export function loadWorkflows({ refresh = false } = {}) {
  if (!cached || refresh) {
    cached = Promise.all([sfnAll('ListStateMachines', { maxResults: 1000 }, 'stateMachines'), aethon('workflows').catch(() => ({ workflows: [] }))]).then(([machines, extras]) => {
      const byName = new Map((extras.workflows ?? []).map((workflow) => [workflow.name, workflow]));
      return machines.map((machine) => ({ ...machine, aethon: byName.get(machine.name) }));
    });
    cached.catch(() => (cached = undefined));
  }
  return cached;
}
