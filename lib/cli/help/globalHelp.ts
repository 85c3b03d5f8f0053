/**
 * `aethon --help`: every command with an example, every option with the commands that take it,
 * and the exit codes. Plain text, importing nothing, so printing it loads no command.
 */
export const GLOBAL_HELP = `aethon: YAML workflows compiled to AWS Step Functions, runnable locally.

Usage: aethon <command> [options]
       aethon <command> --help     that command's usage, options and examples (or: aethon help <command>)

Commands:
  demo                      The example workflows end to end on the local engine against mock
                            services: retries, idempotency, compensation, a config flip.
                            e.g. aethon demo --verbose
  new <workflow>            Start a workflow: its YAML file, its handlers and a passing test.
                            e.g. aethon new tenant-setup
  list                      The workflows under workflows/, with type, states and triggers.
                            e.g. aethon list --json
  validate [workflow...]    Check workflow files; every problem with file:line:col and a hint.
                            e.g. aethon validate nightly-etl
  asl <workflow>            Print the compiled Amazon States Language definition.
                            e.g. aethon asl nightly-etl > nightly-etl.asl.json
  graph <workflow>          Print a Mermaid flowchart of the compiled state machine.
                            e.g. aethon graph deploy-pipeline
  run <workflow>            Run a workflow on the local engine: a line per state with its
                            handler's logs under it, a summary at the end.
                            e.g. aethon run deploy-pipeline --input '{"service":"api"}' --env DEPLOY_API_URL=http://127.0.0.1:8080
  run --definition <file>   Run any ASL file; mock its tasks with a Step Functions Local MockConfigFile.
                            e.g. aethon run --definition order.asl.json --mock-config MockConfigFile.json --test-case HappyPath
  invoke <workflow> <step>  Run one task step's handler once through the runtime wrapper, locally.
                            e.g. aethon invoke user-onboarding createUser --input '{"email":"ada@example.com"}'

Operations (AWS by default: the stage's resources from cdk-outputs.json, written by
'npx cdk deploy --outputs-file cdk-outputs.json'; --local for the local engine and stores):
  start <workflow>          Start an execution, named after its idempotency key: a duplicate shows
                            the existing execution and starts nothing. --local runs it to its end.
                            e.g. aethon start deploy-pipeline --input release.json --key r-42 --local
  send-event <file|json>    Send an EventBridge event (a PutEvents entry). --local matches it
                            against every workflow's event triggers and starts what matches.
                            e.g. aethon send-event '{"Source":"app.ci","DetailType":"ReleaseTagged","Detail":{"releaseId":"r-42"}}' --local
  config get <workflow>     Print the configuration in force, with its version.
                            e.g. aethon config get deploy-pipeline --stage prod
  config set <workflow> key=value...
                            Change configuration: the whole new document is checked against the
                            workflow's JSON Schema first. Values are JSON (true, 5, "text") or text;
                            a.b=1 sets nested keys. On AWS: a hosted version, then a deployment
                            (incident strategy) followed until COMPLETE or ROLLED_BACK.
                            e.g. aethon config set deploy-pipeline deploysFrozen=true --reason "incident 42"
  config history <workflow> Versions with time, author and reason.
                            e.g. aethon config history deploy-pipeline --local
  config rollback <workflow> <version>
                            Put an earlier version's document back in force, as a new version.
                            e.g. aethon config rollback deploy-pipeline 3 --reason "incident over"
  config diff <workflow>    What the next deploy (--local: the next local run) would do to the
                            configuration in force: new keys with defaults, dropped keys, values
                            kept, values the new schema refuses (exit 1).
                            e.g. aethon config diff deploy-pipeline --stage prod
  executions <workflow>     Recent executions: name, status, start, duration.
                            e.g. aethon executions deploy-pipeline --status FAILED --limit 5
  execution <id|name>       One execution's path through its states: status, retries, error and
                            timing of each; on AWS the console URL.
                            e.g. aethon execution deploy-pipeline-3f1c... --workflow deploy-pipeline
  redrive <id|name>         Continue a failed execution from the state that failed (RedriveExecution;
                            --local resumes it on the local engine, same name, completed states kept).
                            e.g. aethon redrive deploy-pipeline-3f1c... --local
  stop <id|name>            Stop a running execution (StopExecution), with an error and a cause.
                            e.g. aethon stop deploy-pipeline-3f1c... --local --cause "release withdrawn"
  dev                       The local control plane: a long-running server (port 8083) that owns
                            .aethon/, speaks the Step Functions API to the AWS SDKs, and continues
                            running executions after a restart; local commands go through it.
                            e.g. aethon dev --virtual-time --mock-config MockConfigFile.json
  dead-letters              The events the stage's triggers could not start an execution from
                            (its dead-letter queue): workflow, trigger, error, event, receive
                            count, attempts and why the sender gave up. Nothing is deleted, but
                            listing receives the messages: other readers miss them for a moment
                            (at most 30 s) and their receive count rises by one.
                            e.g. aethon dead-letters --stage prod
  dead-letters replay       Re-deliver them to the target that failed, never through a bus: a
                            starter gets its event again (Lambda Invoke, Event), a rule's state
                            machine starts with the target's InputPath/Input applied (read with
                            ListTargetsByRule), a schedule's state machine starts with its input;
                            always the exact text the sender wrote. Each message is deleted only
                            once AWS took it (Invoke 202, an execution ARN); one that fails stays
                            with the reason. Only to the stage's own state machines and starter
                            functions (its stack outputs); a message naming any other target is
                            refused. Safe for a trigger with an idempotencyKey: the
                            starter names the execution after the key. The Scheduler message
                            shape is not yet checked against a real Scheduler dead letter.
                            Needs sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility,
                            GetQueueAttributes; lambda:InvokeFunction on the starters;
                            states:StartExecution; events:ListTargetsByRule.
                            e.g. aethon dead-letters replay --id 5f0c... --stage prod --dry-run
  idempotency list <workflow>
                            The records that make steps run once: step, status (COMPLETED or
                            INPROGRESS), the execution that owns the side effect, expiry.
                            e.g. aethon idempotency list user-onboarding --step createUser --local
  idempotency clear <workflow> <step> <key>
                            Release one record so the next start performs the step again; asks
                            once on a terminal (--yes for scripts), refuses an INPROGRESS record
                            unless --force. The key is the value the step's key selects (text,
                            or JSON such as ["api","a1"]), or the record id from 'list'. Locally
                            it waits up to 30 s for a running command to release .aethon/dynamodb.
                            e.g. aethon idempotency clear user-onboarding createUser ada@example.com --local
                            Needs dynamodb:Scan, GetItem and DeleteItem on the stage's table.

A workflow is a name from workflows/ (nightly-etl) or a path (workflows/nightly-etl.yaml).

Options:
  --json                    Machine-readable output on stdout (run: exactly one JSON object
                            {status, output, error, cause, history}).
  --input <file|json>       The execution input (run, start); the step's input (invoke).
  --virtual-time            Skip waits and retry backoffs instantly (run; start, send-event and
                            redrive with --local).
  --mock-config <file>      A MockConfigFile; with --test-case <name> [--state-machine <name>] (run).
  --env NAME=value          A variable for every handler, e.g. a service URL (run; start,
                            send-event and redrive with --local; repeatable).
  --verbose                 Print handler log records whole, metrics included (demo, run, invoke).
  --dir <project>           dev, new: the project folder (default: the current folder).
  --local                   Operations: act on the local engine and stores under .aethon/ (same
                            as --stage local).
  --stage <stage>           Operations on AWS: the stage whose stack outputs to use (default
                            $AETHON_STAGE or dev).
  --key <key>               start: the idempotency key (text); default the trigger's key read
                            from the input.
  --reason <text>           config set/rollback: why; stored with the version and your OS user.
  --strategy <s>            config set/rollback on AWS: incident (default), normal, or a
                            deployment strategy id.
  --no-wait                 config set/rollback on AWS: return once the deployment has started;
                            and refuse rather than wait when another deployment is running.
  --status <status>         executions: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED.
  --limit <n>               executions: at most n rows (default 20); dead-letters: at most n
                            messages (default 50; replay 1000); idempotency list (default 1000).
  --step <step>             idempotency list: one step's records only.
  --table <name>            idempotency on AWS: the table, instead of IdempotencyTableName.
  --yes                     idempotency clear: do not ask.
  --force                   idempotency clear: also a record whose attempt is in progress.
  --workflow <workflow>     execution/redrive on AWS by name: the workflow it belongs to.
  --bus <name>              send-event: the event bus, overriding the entry's EventBusName.
  --id <message id>         dead-letters replay: a message to re-deliver (repeatable).
  --all                     dead-letters replay: every message in the queue.
  --dry-run                 dead-letters replay: show each call, target ARN and payload size;
                            re-deliver and delete nothing (ListTargetsByRule, a read, is called).
  --queue-url <url>         dead-letters: the queue, instead of TriggerDeadLetterQueueUrl from
                            the outputs file.
  --outputs <file>          Operations on AWS: the cdk deploy outputs file (default cdk-outputs.json).
  --state-machine-arn <arn> start, executions, execution, redrive on AWS: the state machine,
                            instead of the outputs file.
  --appconfig <a>/<e>/<p>   config on AWS: AppConfig application/environment/profile ids.
  --region <region>         Operations on AWS: the region (default from the AWS profile).
  --port <port>             dev: the port (default 8083; 0 picks a free one).
  --host <address>          dev: the address (default 127.0.0.1); beyond loopback a token is required.
  --allow-host <name>       dev: another name clients reach it by (its Host header; repeatable).
  --error <error>           stop: the error name recorded on the stopped execution.
  --cause <text>            stop: why it was stopped, recorded on the execution.
  -h, --help                This help; after a command (aethon run --help, or aethon help run):
                            that command's usage, options and examples. A command refuses an
                            option it does not take.

Exit codes:
  0  success
  1  a workflow is invalid, or (run) the execution FAILED, TIMED_OUT or was ABORTED
  2  usage error: unknown command, an option the command does not take, missing argument,
     unknown workflow, invalid definition, a malformed event, a bad key=value, input nested
     too deeply, a file that cannot be read or written (a folder given as --input, no
     permission on .aethon/)
  Operations: 0 done (a duplicate start is done too; dead-letters replay: every selected message
  re-delivered), 1 refused or failed (a value the schema refuses, an execution that failed, a
  deployment ROLLED_BACK, not found, a dead letter that cannot be replayed), 3 AWS or the
  environment (credentials, throttling, a resource missing on AWS, a deployment in the way, the
  local store held by another process for longer than the wait: 120 s, or
  $AETHON_STORE_WAIT_SECONDS).
`;
