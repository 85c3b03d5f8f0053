/**
 * The one way Aethon makes a Lambda function: NodejsFunction on NODEJS_24_X and arm64, bundled
 * locally by esbuild, with X-Ray, source maps, its own log group and a role of its own.
 */
import { CfnDynamicReference, CfnDynamicReferenceService, Duration, Fn } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DeclaredEnvironment } from '../../compile/index.ts';
import { esbuildCode } from './esbuildCode.ts';

/** Lambda limits a description to 256 characters. */
const MAX_DESCRIPTION = 256;

export interface NodeFunctionProps {
  /** Absolute path of the handler's source file. */
  readonly entry: string;
  /** The handler's export. */
  readonly exportName: string;
  readonly projectRoot: string;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly description: string;
  /** Variables Aethon and the stage set; they win over `declaredEnvironment`. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The workflow's and step's `environment:`; references resolve when the stack deploys.
   * @default {}
   */
  readonly declaredEnvironment?: DeclaredEnvironment;
  readonly logRetention: RetentionDays;
}

/** A function with its log group and role; grants are added to `role` by the caller. */
export class NodeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'LogGroup', { retention: props.logRetention });
    // An own role instead of the AWS managed basic execution policy: it may write to its own log
    // group only, where the managed policy allows every log group in the account.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: props.description.slice(0, 1000) });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      code: esbuildCode({ projectRoot: props.projectRoot, entry: props.entry }),
      handler: `index.${props.exportName}`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      description: props.description.slice(0, MAX_DESCRIPTION),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      // Stack traces point into the TypeScript sources through the bundled source maps.
      environment: { NODE_OPTIONS: '--enable-source-maps', ...resolveDeclared(props.declaredEnvironment ?? {}), ...props.environment },
    });
  }
}

/**
 * Declared values as CloudFormation resolves them at deploy time. An SSM parameter becomes a
 * dynamic reference ({{resolve:ssm:name}}) rather than a template parameter: the workflow's nested
 * stack then needs nothing from its parent, and no parameter counts against the 200 per template.
 */
function resolveDeclared(declared: DeclaredEnvironment): Record<string, string> {
  return Object.fromEntries(
    Object.entries(declared).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      if ('ssm' in value) return [name, new CfnDynamicReference(CfnDynamicReferenceService.SSM, value.ssm).toString()];
      return [name, Fn.importValue(value.import)];
    }),
  );
}
