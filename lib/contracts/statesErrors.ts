/**
 * Error names defined by the Amazon States Language. They are public API: `ErrorEquals` in Retry
 * and Catch matches these literal strings.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export const StatesErrors = {
  ALL: 'States.ALL',
  TASK_FAILED: 'States.TaskFailed',
  TIMEOUT: 'States.Timeout',
  HEARTBEAT_TIMEOUT: 'States.HeartbeatTimeout',
  RUNTIME: 'States.Runtime',
  NO_CHOICE_MATCHED: 'States.NoChoiceMatched',
  INTRINSIC_FAILURE: 'States.IntrinsicFailure',
  RESULT_PATH_MATCH_FAILURE: 'States.ResultPathMatchFailure',
  PARAMETER_PATH_FAILURE: 'States.ParameterPathFailure',
  DATA_LIMIT_EXCEEDED: 'States.DataLimitExceeded',
  BRANCH_FAILED: 'States.BranchFailed',
  PERMISSIONS: 'States.Permissions',
  EXCEED_TOLERATED_FAILURE_THRESHOLD: 'States.ExceedToleratedFailureThreshold',
  QUERY_EVALUATION_ERROR: 'States.QueryEvaluationError',
  /** A Distributed Map could not read its items (ItemReader). */
  ITEM_READER_FAILED: 'States.ItemReaderFailed',
  /** A Distributed Map could not write its results (ResultWriter). */
  RESULT_WRITER_FAILED: 'States.ResultWriterFailed',
} as const;

export type StatesErrorName = (typeof StatesErrors)[keyof typeof StatesErrors];

/** Errors raised by the Lambda service itself (not by the handler); safe to retry. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;
