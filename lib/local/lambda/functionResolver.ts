import type { LocalFunctionConfig } from './types.ts';

/** The optimized Lambda integration; `.waitForTaskToken` and `.sync` variants are not local. */
export const LAMBDA_INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';

const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;
const PLACEHOLDER = /^\$\{([^}]+)\}$/;

/** A reference resolved to a configured function. */
export interface ResolvedFunction {
  /** The key of the entry in `options.functions`; one warm pool per key. */
  readonly key: string;
  readonly config: LocalFunctionConfig;
  /** Alias or version from a qualified ARN, for `invokedFunctionArn`. */
  readonly qualifier: string | undefined;
}

/**
 * Finds local functions by any name a definition may use for them: the placeholder the compiler
 * emits, the map key, the function name, or a (qualified) function ARN.
 */
export class FunctionResolver {
  readonly #byName = new Map<string, string>();

  public constructor(private readonly functions: Readonly<Record<string, LocalFunctionConfig>>) {
    for (const [key, config] of Object.entries(functions)) {
      for (const alias of new Set([key, unwrapPlaceholder(key), config.functionName])) {
        const existing = this.#byName.get(alias);
        if (existing !== undefined && existing !== key) {
          throw new Error(
            `Local functions '${existing}' and '${key}' are both reachable as '${alias}'; give each a unique functionName`,
          );
        }
        this.#byName.set(alias, key);
      }
    }
  }

  /** The function a reference names, or undefined. */
  public resolve(reference: string): ResolvedFunction | undefined {
    const arn = FUNCTION_ARN.exec(reference);
    const name = arn?.[3] ?? unwrapPlaceholder(reference);
    const key = this.#byName.get(reference) ?? this.#byName.get(name);
    if (key === undefined) return undefined;
    const qualifier = arn?.[4] === '$LATEST' ? undefined : arn?.[4];
    return { key, config: this.functions[key] as LocalFunctionConfig, qualifier };
  }

  /** Every reference that resolves, for error messages. */
  public known(): string[] {
    return [...this.#byName.keys()].sort();
  }
}

function unwrapPlaceholder(reference: string): string {
  return PLACEHOLDER.exec(reference)?.[1] ?? reference;
}
