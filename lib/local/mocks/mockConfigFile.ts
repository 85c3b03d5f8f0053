/**
 * The MockConfigFile format of AWS Step Functions Local, as written on disk.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
 */
export interface MockConfigFile {
  /** State machine name -> its test cases. */
  readonly StateMachines: Readonly<Record<string, { readonly TestCases: Readonly<Record<string, MockTestCaseFile>> }>>;
  /** Mocked response name -> responses by invocation (`"0"`, `"1-2"`, ...). */
  readonly MockedResponses: Readonly<Record<string, Readonly<Record<string, MockedResponseFile>>>>;
}

/** Task state name -> mocked response name. */
export type MockTestCaseFile = Readonly<Record<string, string>>;

/** Exactly one of `Return` (the task result) or `Throw` (the task error). */
export type MockedResponseFile =
  | { readonly Return: unknown; readonly Throw?: never }
  | { readonly Throw: { readonly Error: string; readonly Cause: string }; readonly Return?: never };
