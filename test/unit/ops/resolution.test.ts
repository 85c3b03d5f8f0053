import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { HELP } from '../../../lib/cli/main.ts';
import { executionNameFor } from '../../../lib/contracts/executionName.ts';
import { stateMachineArnFor } from '../../../lib/ops/aws/deployedStage.ts';
import { outputPrefix, readStackOutputs, stackNameFor } from '../../../lib/ops/aws/stackOutputs.ts';
import { InvalidRequestError } from '../../../lib/ops/errors.ts';
import { formatDuration, formatTable, paletteFor } from '../../../lib/ops/format.ts';
import { nameForStart, relativePath } from '../../../lib/ops/start/executionNames.ts';
import { loadWorkflow } from '../../../lib/ops/workflows.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

let deploy: CompiledWorkflow;
let etl: CompiledWorkflow;
beforeAll(async () => {
  deploy = await loadWorkflow(PROJECT_ROOT, 'deploy-pipeline');
  etl = await loadWorkflow(PROJECT_ROOT, 'nightly-etl');
});

describe('Function: nameForStart', () => {
  it('derives the name the starter Lambda derives, from --key or from the trigger key over the input', () => {
    // Act
    const fromKey = nameForStart(deploy, {}, 'r-42');
    const fromInput = nameForStart(deploy, { releaseId: 'r-42' }, undefined);
    // Assess
    expect(fromKey).toEqual({ name: executionNameFor('deploy-pipeline', 'r-42'), key: 'r-42', keySource: '--key' });
    expect(fromInput).toEqual({ name: executionNameFor('deploy-pipeline', 'r-42'), key: 'r-42', keySource: 'trigger' });
    expect(fromKey.name).toMatch(/^[0-9A-Za-z_-]{1,80}$/);
  });

  it('has no name for a workflow without an idempotency key', () => {
    expect(nameForStart(etl, {}, undefined)).toEqual({ keySource: 'none' });
  });

  it('refuses an input without the trigger key', () => {
    expect(() => nameForStart(deploy, { service: 'api' }, undefined)).toThrow(InvalidRequestError);
  });

  it.each([
    ['$.detail.releaseId', '$.detail', '$.releaseId'],
    ['$.detail.items[0]', '$.detail', '$.items[0]'],
    ['$.detail', '$.detail', '$'],
    ['$.id', '$', '$.id'],
    ['$.id', '$.detail', undefined],
    ['$.details.x', '$.detail', undefined],
  ])('makes %s relative to %s', (key, input, expected) => {
    expect(relativePath(key, input)).toBe(expected);
  });
});

describe('Stack outputs', () => {
  it('names outputs and stacks with the rules lib/infra deploys with', () => {
    expect(['deploy-pipeline', 'user-onboarding', 'nightly-etl', 'a_b.c'].map(outputPrefix)).toEqual(['DeployPipeline', 'UserOnboarding', 'NightlyEtl', 'ABC']);
    expect(stackNameFor('aethon', 'prod')).toBe('Aethon-prod');
    expect(stackNameFor('my-app', 'dev')).toBe('MyApp-dev');
  });

  it('reads the stage\'s stack from the outputs file of an older deploy, using the app name from cdk.json', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'aethon-outputs-'));
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ context: { 'aethon:app': 'shop' } }));
    writeFileSync(join(dir, 'out.json'), JSON.stringify({ 'Shop-prod': { DeployPipelineStateMachineArn: 'arn:aws:states:eu-west-1:1:stateMachine:x' } }));
    // Act
    const arn = await stateMachineArnFor({
      projectRoot: dir,
      stage: 'prod',
      outputsFile: 'out.json',
      workflow: 'deploy-pipeline',
      ssm: () => {
        throw new Error('outputs that list the workflows need no SSM');
      },
    });
    // Assess
    expect(arn).toBe('arn:aws:states:eu-west-1:1:stateMachine:x');
  });

  it('explains an outputs file that is not JSON or is missing', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'aethon-outputs-'));
    writeFileSync(join(dir, 'cdk-outputs.json'), '{nope');
    // Act / Assess
    expect(() => readStackOutputs({ projectRoot: dir, stage: 'dev' })).toThrow(/is not JSON .*--outputs-file cdk-outputs\.json/);
    expect(() => readStackOutputs({ projectRoot: dir, stage: 'dev', outputsFile: 'other.json' })).toThrow(/--outputs: no such file other\.json/);
  });
});

describe('Presentation', () => {
  it('colours only a terminal, and never with NO_COLOR', () => {
    expect(paletteFor({ write: () => true, isTTY: true }, {}).status('FAILED')).toBe('\u001b[31mFAILED\u001b[0m');
    expect(paletteFor({ write: () => true, isTTY: true }, { NO_COLOR: '1' }).status('FAILED')).toBe('FAILED');
    expect(paletteFor({ write: () => true }, {}).status('FAILED')).toBe('FAILED');
  });

  it('aligns tables ignoring colour codes, and formats durations', () => {
    expect(formatTable([['A', 'B'], ['\u001b[31mxx\u001b[0m', 'y']])).toBe('A   B\n\u001b[31mxx\u001b[0m  y\n');
    expect([850, 12_345, 125_000, 7_500_000].map(formatDuration)).toEqual(['850 ms', '12.3 s', '2 min 5 s', '2 h 5 min']);
  });

  it('documents every operations command with an example, and the exit codes', () => {
    for (const command of ['start', 'send-event', 'config get', 'config set', 'config history', 'config rollback', 'executions', 'execution', 'redrive']) {
      expect(HELP).toMatch(new RegExp(`^  ${command}\\b[\\s\\S]*?e\\.g\\. aethon ${command.split(' ')[0]}`, 'm'));
    }
    expect(HELP).toMatch(/3 AWS or the\s+environment/);
  });
});
