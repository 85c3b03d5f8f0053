import type { TaskInvocation } from '../../taskInvoker.ts';
import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { TaskFailure, type StatesFailure } from '../../errors.ts';
import { stateErrorPrefix } from '../failures.ts';
import type { StateContext } from '../types.ts';
import { requireNumber, runtimeFailure } from './common.ts';
import { parseCsv } from './distributedMapCsv.ts';

/** The error AWS gives when the Map Run cannot read or parse its items. */
export const ITEM_READER_FAILED = StatesErrors.ITEM_READER_FAILED;

/** A failure of the reader on the data it was given (catchable, unlike States.Runtime). */
export function readerFailure(ctx: StateContext, message: string): StatesFailure {
  return new TaskFailure(ITEM_READER_FAILED, `${stateErrorPrefix(ctx)} ${message.charAt(0).toUpperCase()}${message.slice(1)}`);
}

const GET_OBJECT = 'arn:aws:states:::s3:getObject';
const LIST_OBJECTS = 'arn:aws:states:::s3:listObjectsV2';
/** listObjectsV2 pages followed at most; a mock answering IsTruncated forever must not hang the run. */
const MAX_PAGES = 10_000;

/**
 * Reads a Distributed Map's items through the task invoker, so a MockConfigFile test case answers
 * the reader under the Map state's own name (as any Task state is mocked):
 * - `s3:getObject`: the response is the object's text (a string, or `{ Body: string }`), read
 *   as `ReaderConfig.InputType` CSV, JSON or JSONL; a JSON mock may also return the array itself;
 * - `s3:listObjectsV2`: each response's `Contents` entries are the items; `IsTruncated` with
 *   `NextContinuationToken` asks again with `ContinuationToken`, as the Map Run pages.
 * `ReaderConfig.MaxItems` keeps the first items only.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
export async function readItems(ctx: StateContext, reader: Record<string, unknown>, parameters: unknown): Promise<unknown[]> {
  const resource = reader.Resource;
  const config = (reader.ReaderConfig ?? {}) as Record<string, unknown>;
  let items: unknown[];
  if (resource === GET_OBJECT) {
    items = parseObject(ctx, config, await invoke(ctx, resource, parameters));
  } else if (resource === LIST_OBJECTS) {
    items = await listObjects(ctx, resource, parameters);
  } else {
    throw runtimeFailure(ctx, `ItemReader Resource '${String(resource)}' is not supported locally (use ${GET_OBJECT} or ${LIST_OBJECTS}).`);
  }
  const maxItems = config.MaxItems === undefined ? undefined : requireNumber(ctx, 'ItemReader.ReaderConfig.MaxItems', config.MaxItems, { integer: true, min: 0 });
  // MaxItems 0 means no limit, as on AWS.
  return maxItems === undefined || maxItems === 0 ? items : items.slice(0, maxItems);
}

function invoke(ctx: StateContext, resource: string, parameters: unknown): Promise<unknown> {
  // A copy, as a task gets: the invoker must never edit state data in place.
  const copy = JSON.parse(JSON.stringify(parameters ?? {})) as unknown;
  const invocation: TaskInvocation = { stateName: ctx.name, resource, parameters: copy, retryCount: 0, signal: ctx.frame.signal.signal };
  return ctx.runtime.invoker(invocation);
}

async function listObjects(ctx: StateContext, resource: string, parameters: unknown): Promise<unknown[]> {
  const items: unknown[] = [];
  let request = parameters;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await invoke(ctx, resource, request);
    if (typeof response !== 'object' || response === null) {
      throw readerFailure(ctx, `the ItemReader's listObjectsV2 response must be an object with Contents, got ${JSON.stringify(response)?.slice(0, 80)}.`);
    }
    const { Contents, IsTruncated, NextContinuationToken } = response as Record<string, unknown>;
    if (Contents !== undefined && !Array.isArray(Contents)) throw readerFailure(ctx, "the ItemReader's listObjectsV2 Contents must be an array.");
    items.push(...(Contents ?? []));
    if (IsTruncated !== true || typeof NextContinuationToken !== 'string') return items;
    request = { ...(parameters as object), ContinuationToken: NextContinuationToken };
  }
  throw runtimeFailure(ctx, `the ItemReader's listObjectsV2 was still truncated after ${MAX_PAGES} pages.`);
}

function parseObject(ctx: StateContext, config: Record<string, unknown>, response: unknown): unknown[] {
  const inputType = config.InputType;
  const body = typeof response === 'object' && response !== null && 'Body' in response ? (response as { Body: unknown }).Body : response;
  if (inputType === 'JSON' && Array.isArray(body)) return body;
  if (typeof body !== 'string') {
    throw readerFailure(ctx, `the ItemReader's getObject response must be the object's text (a string or { "Body": string }), got ${JSON.stringify(body)?.slice(0, 80)}.`);
  }
  if (inputType === 'CSV') return parseCsv(ctx, body, config);
  if (inputType === 'JSONL') return body.split(/\r?\n/).filter((line) => line.trim() !== '').map((line, index) => parseJson(ctx, line, `line ${index + 1}`));
  if (inputType === 'JSON') {
    const parsed = parseJson(ctx, body, 'the object');
    if (!Array.isArray(parsed)) throw readerFailure(ctx, 'the ItemReader read a JSON object that is not an array.');
    return parsed;
  }
  throw runtimeFailure(ctx, `ItemReader.ReaderConfig.InputType '${String(inputType)}' is not supported locally (use CSV, JSON or JSONL).`);
}

function parseJson(ctx: StateContext, text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw readerFailure(ctx, `the ItemReader could not parse ${where} as JSON: ${(error as Error).message}`);
  }
}
