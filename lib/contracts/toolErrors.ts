/**
 * Names of the errors Aethon's own tools report: the CLI, the operations, the local store, the
 * deployed event starter (`error.name`, also in `--json` output). Workflows never see them, so
 * they do not use the `Aethon.` prefix, which is reserved for the errors handlers throw and Retry
 * and Catch match (AethonErrors). Each is its class's name, as the other tool errors are.
 */
export const ToolErrors = {
  OPERATION_FAILED: 'OpsError',
  INVALID_REQUEST: 'InvalidRequestError',
  CONFIG_REFUSED: 'ConfigRefusedError',
  CONFIG_SPEC_CHANGE_REFUSED: 'ConfigSpecChangeRefusedError',
  NOT_FOUND: 'NotFoundError',
  AWS_OPERATION_FAILED: 'AwsOperationError',
  NOT_REDRIVABLE: 'NotRedrivableError',
  RECORD_IN_PROGRESS: 'RecordInProgressError',
  EVENT_PATTERN_INVALID: 'EventPatternError',
  MALFORMED_EVENT: 'MalformedEventError',
  MISSING_IDEMPOTENCY_KEY: 'MissingIdempotencyKeyError',
  WORKFLOW_NOT_FOUND: 'WorkflowNotFoundError',
  LOCAL_CONFIG_STORE_FAILED: 'LocalConfigStoreError',
  CONFIG_VERSION_CONFLICT: 'ConfigVersionConflictError',
  LOCAL_RESOURCE_BUSY: 'ResourceBusyError',
  DEV_API_FAILED: 'DevApiError',
  DEV_SERVER_START_FAILED: 'DevServerStartError',
  USAGE: 'UsageError',
  WORKFLOW_INVALID: 'WorkflowInvalidError',
  INVALID_DEFINITION: 'InvalidDefinitionError',
  JSONATA_BUDGET_EXCEEDED: 'JsonataBudgetExceededError',
  MOCK_CONFIG_INVALID: 'MockConfigError',
  CONSOLE_REQUEST_FAILED: 'ConsoleRequestError',
  EXECUTION_STORE_LOCKED: 'ExecutionStoreLockedError',
  EXECUTION_STORE_FAILED: 'ExecutionStoreError',
} as const;

export type ToolErrorName = (typeof ToolErrors)[keyof typeof ToolErrors];
