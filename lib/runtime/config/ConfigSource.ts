/**
 * Where the workflow's configuration document is read from: AppConfig on AWS, the local config
 * store locally. A source only reads; validation and the last-good value live in DynamicConfig.
 */

/** What a source read. */
export type ConfigRead =
  /** A parsed document and a marker that changes when the document does. */
  | { readonly document: unknown; readonly version: unknown }
  /** The document exists but could not be parsed at all. */
  | { readonly problem: string; readonly version: unknown };

export interface ConfigSource {
  /** A description for messages (`AppConfig app/env/profile`, a file path). */
  readonly description: string;
  /**
   * The current document, undefined when there is none yet.
   * @throws when the store could not be reached (network, permissions)
   */
  read(): Promise<ConfigRead | undefined>;
}
