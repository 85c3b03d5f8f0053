/**
 * The workflow's dynamic configuration with its safety net: every document is validated against
 * the workflow's JSON Schema when read, and a document that fails keeps the last good value in
 * force (and is reported once) instead of crashing the step. Only when no good value was ever seen
 * does reading fail, with Aethon.ConfigInvalid.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { ConfigInvalidError, RetryableError } from '../errors.ts';
import type { ConfigSource } from './ConfigSource.ts';
import type { ConfigValidator } from './validateConfig.ts';

export type ConfigDocument = Readonly<Record<string, unknown>>;

export class DynamicConfig {
  private lastGood: { document: ConfigDocument; version: unknown } | undefined;
  /** The version last refused, so a bad document is logged once, not on every invocation. */
  private lastRefused: unknown;

  constructor(
    private readonly source: ConfigSource | undefined,
    /** Loads the schema validator on first use (ajv is heavy to load; a cold start should not pay for it). */
    private readonly loadValidator: (() => Promise<ConfigValidator>) | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * The current valid document; `{}` when the workflow has no configuration yet.
   * @throws ConfigInvalidError when the document is invalid and no good value was ever read
   * @throws RetryableError when the store cannot be reached and no good value was ever read
   */
  async get(): Promise<ConfigDocument> {
    if (!this.source) return {};
    let read: Awaited<ReturnType<ConfigSource['read']>>;
    try {
      read = await this.source.read();
    } catch (error) {
      if (!this.lastGood) throw new RetryableError(`could not read the configuration from ${this.source.description}`, { resource: this.source.description }, { cause: error });
      this.logger.warn('could not refresh the dynamic configuration; using the last good value', { configSource: this.source.description, error });
      return this.lastGood.document;
    }
    if (read === undefined) return this.lastGood?.document ?? {};
    if (this.lastGood && read.version === this.lastGood.version) return this.lastGood.document;
    const issues = 'problem' in read ? [read.problem] : await this.problemsOf(read.document);
    if (issues.length === 0 && 'document' in read) {
      this.lastGood = { document: read.document as ConfigDocument, version: read.version };
      return this.lastGood.document;
    }
    if (!this.lastGood) {
      throw new ConfigInvalidError(`the configuration from ${this.source.description} is invalid and there is no last good value: ${issues.join('; ')}`, {
        resource: this.source.description,
        issues,
      });
    }
    if (read.version !== this.lastRefused) {
      this.lastRefused = read.version;
      this.logger.error('the dynamic configuration failed validation; keeping the last good value', { configSource: this.source.description, issues });
    }
    return this.lastGood.document;
  }

  private validator: Promise<ConfigValidator> | undefined;

  private async problemsOf(document: unknown): Promise<string[]> {
    if (document === null || typeof document !== 'object' || Array.isArray(document)) return ['the document must be a JSON object'];
    if (!this.loadValidator) return [];
    this.validator ??= this.loadValidator();
    return (await this.validator)(document);
  }
}
