/**
 * The `{ __type, message }` refusal that both HTTP servers of `aethon dev` answer with: the Step
 * Functions API (lib/dev/protocol.ts) and the console's /aethon/ routes (lib/console/http.ts).
 * It lives here, below both, so either server answers the other's refusal as its own. Not
 * re-exported from index.ts: Lambda bundles that import the contracts never need it.
 */

/**
 * A refusal answered as JSON `{ __type, message }` with its HTTP status. Each server names its
 * own subclass (ConsoleRequestError, DevApiError), so a log says which one refused.
 */
export abstract class JsonApiError extends Error {
  constructor(
    /** The error name the client receives as `__type` (the SDKs make it the error's name). */
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
  }

  /** What the client reads. */
  answer(): { readonly __type: string; readonly message: string } {
    return { __type: this.type, message: this.message };
  }
}

/** How a server builds its refusals. */
export type JsonApiErrorClass = new (type: string, message: string, status?: number) => JsonApiError;

export interface JsonBodyLimits {
  readonly maxBytes: number;
  /** The class a body too large or not a JSON object is refused with. */
  readonly refusal: JsonApiErrorClass;
}

/**
 * A request body (any stream of chunks, such as node's IncomingMessage) as a JSON object; an
 * empty or blank body is `{}`. Stops reading once the limit is passed.
 * @throws the limits' refusal class when it is too large (413) or not a JSON object (400)
 */
export async function readJsonObject(body: AsyncIterable<Uint8Array | string>, limits: JsonBodyLimits): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.length;
    if (size > limits.maxBytes) throw new limits.refusal('ValidationException', `the request body is larger than ${limits.maxBytes} bytes`, 413);
    chunks.push(bytes);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new limits.refusal('SerializationException', `the request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new limits.refusal('SerializationException', 'the request body must be a JSON object');
  return parsed as Record<string, unknown>;
}
