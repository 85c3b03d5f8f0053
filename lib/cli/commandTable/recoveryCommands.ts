/**
 * The commands that repair after a failure: dead-letters (events no trigger could start from)
 * and idempotency (the records that make steps run once). Each `run` imports its module when
 * called (see commandSpec.ts).
 */
import { flagOption, listOption, textOption, withoutUndefined, type CommandSpec } from '../commandSpec.ts';
import { OPERATIONS_EXIT_CODES, TARGET_OPTIONS, targetOf } from './operationsCommands.ts';

export const RECOVERY_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'dead-letters',
    usage: ['dead-letters [--limit <n>] [options]', 'dead-letters replay (--id <message id>... | --all) [--dry-run] [options]'],
    summary: [
      "The events the stage's triggers could not start an execution from (its dead-letter queue): workflow, trigger, error, event, receive count, attempts and why the sender gave up. AWS only. Nothing is deleted, but listing receives the messages: other readers miss them for a moment (at most 30 s) and their receive count rises by one.",
      "replay re-delivers them to the target that failed, never through a bus: a starter gets its event again (Lambda Invoke, Event), a rule's state machine starts with the target's InputPath/Input applied, a schedule's state machine starts with its input. Each message is deleted only once AWS took it; one that fails stays, with the reason. Only to the stage's own state machines and starter functions.",
      'Needs sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes; lambda:InvokeFunction on the starters; states:StartExecution; events:ListTargetsByRule.',
    ].join('\n\n'),
    options: [
      { name: 'id' },
      { name: 'all' },
      { name: 'dry-run' },
      { name: 'limit', description: 'At most n messages (default 50; replay 1000).' },
      { name: 'queue-url' },
      // Taken so that the command can say why it refuses them: a bus, or the local engine.
      { name: 'bus', description: "Refused: replay re-delivers to the target that failed, never through a bus (the option of 'aethon send-event')." },
      ...TARGET_OPTIONS,
    ],
    examples: ['aethon dead-letters --stage prod', 'aethon dead-letters replay --id 5f0c... --stage prod --dry-run', 'aethon dead-letters replay --all --stage prod'],
    exitCodes: [OPERATIONS_EXIT_CODES[0]! + ' (replay: every selected message re-delivered)', '1  a dead letter that cannot be replayed, or refused', ...OPERATIONS_EXIT_CODES.slice(2)],
    run: async (io, args, values) =>
      (await import('../commands/deadLetters.ts')).deadLettersCommand(
        io,
        args,
        withoutUndefined({ ...targetOf(values), queueUrl: textOption(values, 'queue-url'), limit: textOption(values, 'limit'), bus: textOption(values, 'bus'), ids: listOption(values, 'id'), all: flagOption(values, 'all'), dryRun: flagOption(values, 'dry-run') }),
      ),
  },
  {
    name: 'idempotency',
    usage: ['idempotency list <workflow> [--step <step>] [--limit <n>] [options]', 'idempotency clear <workflow> <step> <key> [--yes] [--force] [options]'],
    summary: [
      'list: the records that make steps run once: step, status (COMPLETED or INPROGRESS), the execution that owns the side effect, expiry.',
      "clear: release one record so the next start performs the step again; asks once on a terminal (--yes for scripts), refuses an INPROGRESS record unless --force. The key is the value the step's key selects (text, or JSON such as [\"api\",\"a1\"]), or the record id from 'list'. Locally it waits up to 30 s for a running command to release .aethon/dynamodb.",
      "On AWS needs dynamodb:Scan, GetItem and DeleteItem on the stage's table.",
    ].join('\n\n'),
    options: [{ name: 'step' }, { name: 'limit', description: 'list: at most n records (default 1000).' }, { name: 'yes' }, { name: 'force' }, { name: 'table' }, ...TARGET_OPTIONS],
    examples: ['aethon idempotency list user-onboarding --step createUser --local', 'aethon idempotency clear user-onboarding createUser ada@example.com --local', 'aethon idempotency clear deploy-pipeline deploy \'["api","a1"]\' --stage prod --yes'],
    exitCodes: OPERATIONS_EXIT_CODES,
    run: async (io, args, values) =>
      (await import('../commands/idempotency.ts')).idempotencyCommand(io, args, withoutUndefined({ ...targetOf(values), step: textOption(values, 'step'), limit: textOption(values, 'limit'), table: textOption(values, 'table'), yes: flagOption(values, 'yes'), force: flagOption(values, 'force') })),
  },
];
