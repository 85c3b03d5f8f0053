/** Why `aethon dev` could not start. */
export class DevServerStartError extends Error {
  override readonly name = 'DevServerStartError';
}
