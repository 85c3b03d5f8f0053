/**
 * How a step handler becomes Lambda code, shared by `cdk deploy` (lib/infra) and the local engine
 * (lib/local/lambda), so what runs on a laptop is built the way what ships is built: one
 * minified CommonJS file per handler with a source map, the AWS SDK left to the Lambda runtime.
 */

/** Provided by the Lambda runtime: bundling them would only grow every function. */
export const LAMBDA_EXTERNAL_MODULES: readonly string[] = ['@aws-sdk/*'];

/** esbuild options of every handler bundle; the caller adds entry, outfile and target. */
export const LAMBDA_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Minified as deployed: code that leans on class or function names (rather than an explicit
  // `name`) breaks the same way locally as on AWS.
  minify: true,
  sourcemap: true,
  external: [...LAMBDA_EXTERNAL_MODULES],
  logLevel: 'silent',
} as const;
