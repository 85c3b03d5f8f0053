/**
 * The execution name an idempotency key gives, computed in the page as lib/contracts/executionName.ts
 * does on the server (workflow prefix, then 48 hex digits of SHA-256 over workflow, NUL, key as
 * JSON), so the list can be searched by the key a person knows rather than its hash.
 */
const HASH_CHARS = 48;
const PREFIX_CHARS = 80 - HASH_CHARS - 1;

export async function executionNameFor(workflow, key) {
  const bytes = new TextEncoder().encode(`${workflow}\u0000${JSON.stringify(key)}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${workflow.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, PREFIX_CHARS)}-${hex.slice(0, HASH_CHARS)}`;
}

/** The names a search text could be the key of: as text, and as a number when it reads as one. */
export async function namesForKey(workflow, text) {
  const keys = [text];
  if (text.trim() !== '' && Number.isFinite(Number(text))) keys.push(Number(text));
  return Promise.all(keys.map((key) => executionNameFor(workflow, key)));
}
