/**
 * Idempotency pieces for tools and the local engine (creating dynalite's table, reading records).
 * Kept apart from the handler entry point so a Lambda bundle loads the DynamoDB client only when a
 * step is idempotent.
 */
export { ensureLocalIdempotencyTable } from './ensureLocalTable.ts';
export { idempotencyKeyHeader, idempotencyKeyValue } from './idempotencyKey.ts';
