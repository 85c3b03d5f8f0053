import { createHash } from 'node:crypto';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure } from '../errors.ts';
import { MAX_SEQUENCE_LENGTH } from './budget.ts';

/** What the Step Functions JSONata functions need from the engine, injected for determinism. */
export interface JsonataEnvironment {
  /** Milliseconds since the epoch, from the engine's clock (`$now`, `$millis`). */
  readonly now: () => number;
  /** Uniform random numbers in [0, 1) (`$random`, `$uuid`). */
  readonly random: () => number;
}

const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** A v4 UUID drawn from injected randomness, so runs on a seeded source repeat. */
export function randomUuid(random: () => number): string {
  // Four 32-bit draws instead of 32 nibble draws: execution names are made on every run.
  let s = '';
  for (let i = 0; i < 4; i++) s += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  const variant = ((parseInt(s[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

function fail(message: string): never {
  throw new TaskFailure(StatesErrors.QUERY_EVALUATION_ERROR, message);
}

/**
 * The functions Step Functions adds to JSONata (`$partition`, `$range`, `$hash`, `$random`,
 * `$uuid`, `$parse`) plus clock-driven `$now` / `$millis`, as JSONata bindings; `$eval` is
 * disabled as in Step Functions.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
export function stepFunctionsJsonataFunctions(env: JsonataEnvironment): Record<string, unknown> {
  return {
    now: () => new Date(env.now()).toISOString(),
    millis: () => env.now(),
    partition: (array: unknown, size: unknown) => {
      if (!Array.isArray(array) || typeof size !== 'number' || size <= 0) fail('$partition expects an array and a positive size');
      const out: unknown[][] = [];
      for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
      return out;
    },
    range: (start: unknown, end: unknown, step: unknown) => {
      if (typeof start !== 'number' || typeof end !== 'number' || typeof step !== 'number' || step === 0) {
        fail('$range expects numbers start, end and a non-zero step');
      }
      // Counted before building: `$range(0, 1e9, 1)` must fail at once, not after filling the heap.
      const count = (end - start) / step < 0 ? 0 : Math.floor((end - start) / step) + 1;
      if (!(count <= MAX_SEQUENCE_LENGTH)) {
        const size = Number.isFinite(count) ? count.toLocaleString('en-US') : 'an unbounded number of';
        fail(`$range would build ${size} items; at most ${MAX_SEQUENCE_LENGTH.toLocaleString('en-US')} are allowed (Aethon's local limit on JSONata sequences)`);
      }
      const out: number[] = [];
      for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
      return out;
    },
    hash: (value: unknown, algorithm: unknown) => {
      const algo = HASH_ALGORITHMS[String(algorithm)];
      if (typeof value !== 'string' || algo === undefined) fail(`$hash expects a string and one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
      return createHash(algo).update(value).digest('hex');
    },
    // Step Functions removes $eval; $parse is the supported way to read JSON text.
    eval: () => fail('$eval is not available in Step Functions JSONata; use $parse.'),
    random: () => env.random(),
    uuid: () => randomUuid(env.random),
    parse: (text: unknown) => {
      if (typeof text !== 'string') fail('$parse expects a string');
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        fail(`$parse could not parse its argument as JSON: ${(error as Error).message}`);
      }
    },
  };
}
