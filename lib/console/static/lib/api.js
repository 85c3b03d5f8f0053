/**
 * The page talks to `aethon dev` as the SDKs do: Step Functions operations are `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Op>` (so every action takes the same path as the CLI and the
 * SDK clients), and Aethon's extras are JSON under /aethon/. Beyond loopback the token travels
 * in the cookie the server set when the printed URL was opened (lib/dev/security.ts): the browser
 * sends it with every same-origin request, and the page never sees it (HttpOnly).
 */

/** An API error with the AWS error name (`ExecutionDoesNotExist`, ...). */
export class ApiError extends Error {
  constructor(type, message, status) {
    super(message);
    this.name = 'ApiError';
    this.type = type;
    this.status = status;
  }
}

async function answer(response, what) {
  const text = await response.text();
  let body;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError('InvalidResponse', `${what}: the server answered HTTP ${response.status} with something that is not JSON`, response.status);
  }
  if (!response.ok) throw new ApiError(body.__type ?? body.type ?? `HTTP ${response.status}`, body.message ?? body.Message ?? `${what} failed with HTTP ${response.status}`, response.status);
  return body;
}

/** Calls one AWS JSON 1.0 operation, e.g. `AWSEvents.PutEvents`. */
export async function awsJson(target, body = {}) {
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  return answer(response, target.split('.').at(-1));
}

/** Calls one Step Functions operation. */
export const sfn = (operation, body = {}) => awsJson(`AWSStepFunctions.${operation}`, body);

/** Every page of a paginated operation, concatenated under `key`. */
export async function sfnAll(operation, body, key, limit = 10000) {
  const items = [];
  let nextToken;
  do {
    const page = await sfn(operation, { ...body, ...(nextToken ? { nextToken } : {}) });
    items.push(...(page[key] ?? []));
    nextToken = page.nextToken;
  } while (nextToken && items.length < limit);
  return items;
}

/** GET or POST a JSON route under /aethon/. */
export async function aethon(path, body) {
  const response = await fetch(`/aethon/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return answer(response, `/aethon/${path}`);
}

export const stateMachineArnOf = (arnPrefix, name) => `${arnPrefix}:stateMachine:${name}`;

/** `arn:aws:states:<region>:<account>:execution:<machine>:<name>` from a state machine ARN. */
export function executionArnFor(stateMachineArn, name) {
  return stateMachineArn.replace(':stateMachine:', ':execution:') + `:${name}`;
}
