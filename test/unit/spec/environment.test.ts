/** `environment:` in workflow files: literals, deploy-time references, and what is refused. */
import { describe, expect, it } from 'vitest';
import { parseWorkflowSpec, type Diagnostic } from '../../../lib/spec/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const parse = (yaml: string) => parseWorkflowSpec('workflows/x.yaml', yaml, { projectRoot: PROJECT_ROOT });
const at = (d: Diagnostic) => d.path.join('.');
const workflowWith = (environment: string) => `name: x\nenvironment:\n${environment}steps:\n  a: { type: succeed }\n`;

describe('Schema: environment', () => {
  it('accepts literals, SSM parameters and stack exports, numbers and booleans as text', () => {
    // Act
    const result = parse(
      workflowWith('  API_URL: https://api.example.com\n  RETRIES: 3\n  DRY_RUN: false\n  TABLE: { ssm: /shared/orders/table, local: orders-local }\n  QUEUE: { import: shared-QueueUrl }\n'),
    );

    // Assess
    expect(result.ok && result.spec.environment).toEqual({
      API_URL: 'https://api.example.com',
      RETRIES: '3',
      DRY_RUN: 'false',
      TABLE: { ssm: '/shared/orders/table', local: 'orders-local' },
      QUEUE: { import: 'shared-QueueUrl' },
    });
  });

  it.each([
    ['{ secret: payments/api-key }', /'secret:' refers to a secret: secrets cannot go in environment/],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-AbCdEf', /it refers to a secret/],
    ["'{{resolve:secretsmanager:payments:SecretString:key}}'", /it refers to a secret/],
    ["'{{resolve:ssm-secure:/payments/key}}'", /it refers to a secret/],
  ])('refuses a secret reference %s and says to use secrets:', (value, message) => {
    const result = parse(workflowWith(`  API_KEY: ${value}\n`));
    expect(result.ok).toBe(false);
    const found = result.diagnostics.find((d) => at(d) === 'environment.API_KEY');
    expect(found?.message).toMatch(message);
    expect(found?.message).toContain("declare it under the top-level 'secrets:'");
    expect(found?.line).toBe(3);
  });

  it.each([
    ['AWS_REGION', /reserved by Lambda/],
    ['AETHON_STAGE', /set by Aethon's runtime/],
    ['POWERTOOLS_LOG_LEVEL', /set by Aethon or Lambda/],
    ['NODE_OPTIONS', /set by Aethon or Lambda/],
  ])('refuses the reserved name %s at the workflow level', (name, reason) => {
    const found = parse(workflowWith(`  ${name}: x\n`)).diagnostics.find((d) => d.code === 'reserved-environment-name');
    expect(found).toMatchObject({ path: ['environment', name], line: 3, col: 3 });
    expect(found!.message).toMatch(reason);
  });

  it('refuses a reserved name on a task nested in a map, with the other problems of the file', () => {
    const yaml =
      'name: x\ntimeot: 5m\nsteps:\n  each:\n    type: map\n    items: "{% $states.input %}"\n    steps:\n' +
      '      work:\n        type: task\n        handler: functions/nightly-etl/notify.ts\n        environment: { AETHON_WORKFLOW: y, NOTIFY_API_URL: http://x }\n        end: true\n    end: true\n';
    const codes = parse(yaml).diagnostics.map((d) => `${d.code}@${at(d)}`);
    expect(codes).toEqual(expect.arrayContaining(['unknown-key@timeot', 'reserved-environment-name@steps.each.steps.work.environment.AETHON_WORKFLOW']));
  });

  it('names a malformed variable name', () => {
    const found = parse(workflowWith('  1_URL: x\n')).diagnostics[0];
    expect(found).toMatchObject({ code: 'invalid-value', path: ['environment', '1_URL'] });
    expect(found!.message).toMatch(/key '1_URL': environment variable names start with a letter/);
  });

  it('refuses environment on a step that runs no function', () => {
    const found = parse('name: x\nsteps:\n  a: { type: pass, environment: { A: b }, end: true }\n').diagnostics[0];
    expect(found).toMatchObject({ code: 'unknown-key', path: ['steps', 'a', 'environment'] });
  });
});
