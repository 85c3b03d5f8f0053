import { createHash } from 'node:crypto';
import { expectArgCount, intrinsicFailure, limitedStringArg, stringArg, type IntrinsicFunction } from './invocation.ts';

/** ASL algorithm names mapped to node:crypto names. */
const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/**
 * The encoding and hashing intrinsics of ASL: Base64Encode, Base64Decode, Hash.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-data-encode-decode
 */
export const encodingFunctions: Record<string, IntrinsicFunction> = {
  'States.Base64Encode': (inv) => {
    expectArgCount(inv, 1);
    return Buffer.from(limitedStringArg(inv, 0), 'utf8').toString('base64');
  },

  'States.Base64Decode': (inv) => {
    expectArgCount(inv, 1);
    // "MIME Base64 decoding", as AWS names it, skips characters outside the Base64 alphabet
    // (line breaks first of all) instead of failing; Buffer.from decodes the same way.
    return Buffer.from(limitedStringArg(inv, 0), 'base64').toString('utf8');
  },

  'States.Hash': (inv) => {
    expectArgCount(inv, 2);
    const data = limitedStringArg(inv, 0);
    const algorithm = stringArg(inv, 1);
    const nodeName = HASH_ALGORITHMS[algorithm];
    if (nodeName === undefined) {
      throw intrinsicFailure(inv, `unknown algorithm '${algorithm}'; use one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`, 1);
    }
    return createHash(nodeName).update(data, 'utf8').digest('hex');
  },
};
