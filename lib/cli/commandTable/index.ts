/**
 * Every command of the CLI, in the order `aethon --help` presents them. Reading this table loads
 * no command module: each entry imports its own when it runs.
 */
import type { CommandSpec } from '../commandSpec.ts';
import { OPERATIONS_COMMANDS } from './operationsCommands.ts';
import { RECOVERY_COMMANDS } from './recoveryCommands.ts';
import { WORKFLOW_COMMANDS } from './workflowCommands.ts';

export const COMMANDS: readonly CommandSpec[] = [...WORKFLOW_COMMANDS, ...OPERATIONS_COMMANDS, ...RECOVERY_COMMANDS];

/** The command called `name`, if there is one. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}
