/** Each function's policy names only its own secrets, configuration profile and table; only triggers may dead-letter. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompiledFunction, CompiledWorkflow } from '../../../lib/compile/index.ts';
import { FunctionEnv } from '../../../lib/contracts/functionEnvironment.ts';
import { exampleWorkflow, synthesize, type Synthesized } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  Condition?: Record<string, Record<string, string[]>>;
}

/** The statements of every policy attached to a role, by the role's logical id. */
function statementsOf(synth: Synthesized, roleId: string): Statement[] {
  return Object.values(synth.template.findResources('AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const text = (value: unknown) => JSON.stringify(value);

describe('Least privilege', () => {
  let workflows: CompiledWorkflow[];
  let synth: Synthesized;
  /** Every step function of the template with what it was built for and its statements. */
  let functions: { logicalId: string; workflow: CompiledWorkflow; fn: CompiledFunction; statements: Statement[] }[];

  beforeAll(async () => {
    workflows = await Promise.all(['nightly-etl', 'user-onboarding', 'deploy-pipeline'].map(exampleWorkflow));
    synth = synthesize(workflows);
    functions = Object.entries(synth.template.findResources('AWS::Lambda::Function')).flatMap(([logicalId, resource]) => {
      const env = resource.Properties.Environment.Variables as Record<string, string>;
      const workflow = workflows.find((w) => w.name === env[FunctionEnv.WORKFLOW]);
      const fn = workflow?.functions.find((f) => f.stepName === env[FunctionEnv.STEP] && f.role === env[FunctionEnv.ROLE]);
      if (!workflow || !fn) return [];
      return [{ logicalId, workflow, fn, statements: statementsOf(synth, resource.Properties.Role['Fn::GetAtt'][0]) }];
    });
  });

  it('finds every step function of the three examples', () => {
    expect(functions).toHaveLength(workflows.reduce((n, w) => n + w.functions.length, 0));
  });

  it('grants secret reads only for the secrets a function lists', () => {
    for (const { workflow, fn, statements } of functions) {
      const secretStatements = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
      const granted = text(secretStatements.map((s) => s.Resource));
      const allSecretNames = workflows.flatMap((w) => Object.values(w.secrets));
      const own = fn.secrets.map((logical) => workflow.secrets[logical]!);
      for (const name of own) expect(granted, `${workflow.name}/${fn.id} may read ${name}`).toContain(`secret:${name}-??????`);
      for (const name of allSecretNames.filter((n) => !own.includes(n))) expect(granted, `${workflow.name}/${fn.id} must not read ${name}`).not.toContain(name);
      expect(secretStatements.flatMap(actionsOf).every((a) => ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'].includes(a))).toBe(true);
    }
  });

  it('grants idempotency records only to functions that declare idempotency, on the stage table only', () => {
    const tableId = Object.keys(synth.template.findResources('AWS::DynamoDB::Table'))[0]!;
    for (const { workflow, fn, statements } of functions) {
      const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      if (!fn.idempotency) {
        expect(dynamo, `${workflow.name}/${fn.id}`).toEqual([]);
        continue;
      }
      // A task reads and writes its records; its compensation reads the owner, holds and releases them.
      const actions = fn.role === 'task' ? ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] : ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'];
      expect(dynamo, `${workflow.name}/${fn.id}`).toEqual([
        {
          Action: actions,
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${workflow.name}.${fn.stepName}#*`] } },
        },
      ]);
    }
  });

  it('lets the compensation of an idempotent step release that step\'s records and no others', () => {
    const compensations = functions.filter(({ fn }) => fn.role === 'compensation' && fn.idempotency);
    expect(compensations.length).toBeGreaterThan(0);
    for (const { workflow, fn, statements } of compensations) {
      const release = statements.filter((s) => actionsOf(s).includes('dynamodb:DeleteItem'));
      expect(release).toHaveLength(1);
      expect(release[0]!.Condition!['ForAllValues:StringLike']!['dynamodb:LeadingKeys']).toEqual([`${workflow.name}.${fn.stepName}#*`]);
      expect(actionsOf(release[0]!)).not.toContain('dynamodb:PutItem');
    }
  });

  it("reads configuration from its own workflow's profile only", () => {
    const profiles = synth.template.findResources('AWS::AppConfig::ConfigurationProfile');
    const profileOf = (workflow: string) => Object.entries(profiles).find(([, p]) => p.Properties.Name === workflow)![0];
    for (const { workflow, fn, statements } of functions) {
      const appconfig = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('appconfig:')));
      expect(appconfig, `${workflow.name}/${fn.id}`).toHaveLength(1);
      expect(actionsOf(appconfig[0]!).sort()).toEqual(['appconfig:GetLatestConfiguration', 'appconfig:StartConfigurationSession']);
      const resource = text(appconfig[0]!.Resource);
      expect(resource).toContain(`{"Ref":"${profileOf(workflow.name)}"}`);
      for (const other of workflows.filter((w) => w !== workflow)) expect(resource).not.toContain(profileOf(other.name));
    }
  });

  it('uses "*" only for the X-Ray trace upload, on every role of the stack', () => {
    const roles = Object.keys(synth.template.findResources('AWS::IAM::Role'));
    const machineRoles = Object.values(synth.template.findResources('AWS::StepFunctions::StateMachine')).map((m) => m.Properties.RoleArn['Fn::GetAtt'][0]);
    const logDelivery = ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'];
    const xray = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];
    for (const role of roles) {
      const allowed = machineRoles.includes(role) ? [...xray, ...logDelivery] : xray.slice(0, 2);
      for (const statement of statementsOf(synth, role).filter((s) => text(s.Resource).includes('"*"'))) {
        expect(actionsOf(statement).filter((a) => !allowed.includes(a)), `${role}: ${text(statement)}`).toEqual([]);
      }
    }
  });

  it("lets only this account's rules (through EventBridge), schedule roles and starter roles send to the dead-letter queue", () => {
    // Prepare
    const [queueId] = Object.keys(synth.template.findResources('AWS::SQS::Queue'));
    const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };
    const ruleArns = Object.keys(synth.template.findResources('AWS::Events::Rule')).map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    const starterRoles = Object.entries(synth.template.findResources('AWS::Lambda::Function'))
      .filter(([id]) => id.includes('StarterFunction'))
      .map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0] as string);
    const scheduleRoles = Object.values(synth.template.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties.Target.RoleArn['Fn::GetAtt'][0] as string);
    expect(ruleArns).toHaveLength(2);
    expect(starterRoles).toHaveLength(2);
    expect(scheduleRoles).toHaveLength(1);

    // Assess: the queue policy allows EventBridge alone, for rules of this account and region, in one statement
    const policies = Object.values(synth.template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(1);
    const allows = (policies[0]!.Properties.PolicyDocument.Statement as { Effect: string }[]).filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'EventBridgeRulesOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: {
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':rule/*']],
            },
          },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      },
    ]);

    // Assess: the only identities that may send are the schedule and starter roles
    const senders = Object.keys(synth.template.findResources('AWS::IAM::Role')).filter((role) =>
      statementsOf(synth, role).some((s) => actionsOf(s).includes('sqs:SendMessage')),
    );
    expect(senders.sort()).toEqual([...new Set([...starterRoles, ...scheduleRoles])].sort());
    for (const role of senders) {
      for (const statement of statementsOf(synth, role).filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')))) {
        expect(statement.Resource, role).toEqual(queueArn);
        expect(actionsOf(statement).filter((a) => !['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].includes(a)), role).toEqual([]);
      }
    }
  });

  it('writes logs only to its own log group', () => {
    for (const { logicalId, statements } of functions) {
      const logs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      const ownGroup = synth.template.findResources('AWS::Lambda::Function')[logicalId]!.Properties.LoggingConfig.LogGroup.Ref;
      expect(logs).toEqual([{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [ownGroup, 'Arn'] } }]);
    }
  });
});
