import { ToolErrors } from '../contracts/toolErrors.ts';
/** Why `aethon dev` could not start. */
export class DevServerStartError extends Error {
  override readonly name = ToolErrors.DEV_SERVER_START_FAILED;
}
