/**
 * Lambda code bundled by esbuild's JavaScript API inside the synth process. NodejsFunction's own
 * bundling starts `npx esbuild` once per function (about a second each on two cores); in-process
 * bundling takes a fraction of that and stays local: no Docker, no network.
 */
import { join } from 'node:path';
import { AssetHashType, DockerImage, type BundlingOptions, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import { LAMBDA_BUNDLE_OPTIONS, LAMBDA_EXTERNAL_MODULES } from '../../contracts/lambdaBundle.ts';

/** What Lambda's Node.js 24 runtime understands; keep in step with the function runtime. */
export const ESBUILD_TARGET = 'node24';
/** Provided by the Lambda runtime: bundling them would only grow every function. */
export const EXTERNAL_MODULES = LAMBDA_EXTERNAL_MODULES;

export interface EsbuildCodeProps {
  /** Directory the asset is staged from; its output, not its files, decides the asset hash. */
  readonly projectRoot: string;
  /** Absolute path of the handler's source file. */
  readonly entry: string;
}

/**
 * Minified CommonJS with a source map (`index.js`, `index.js.map`); the function's handler is
 * `index.<export>`. The asset hash is the bundle's, so a change anywhere in its imports deploys.
 */
export function esbuildCode(props: EsbuildCodeProps): Code {
  const options = {
    ...LAMBDA_BUNDLE_OPTIONS,
    entryPoints: [props.entry],
    target: ESBUILD_TARGET,
    external: [...EXTERNAL_MODULES],
    logLevel: 'error' as const,
  };
  const local: ILocalBundling = {
    tryBundle(outputDir: string): boolean {
      buildSync({ ...options, outfile: join(outputDir, 'index.js') });
      return true;
    },
  };
  return Code.fromAsset(props.projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local,
      // Never pulled: local bundling always succeeds or throws. CDK requires an image regardless.
      image: DockerImage.fromRegistry('aethon/no-docker-bundling'),
      // Not run either, but it is part of CDK's asset cache key: without the entry in it, every
      // function staged from the same project root would share one bundle.
      command: ['esbuild', props.entry, ...Object.entries(options).filter(([key]) => key !== 'entryPoints').map(([key, value]) => `--${key}=${String(value)}`)],
    } satisfies BundlingOptions,
  });
}
