import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../../lib/compile/index.ts';
import { SOME_HANDLER, SOME_UNDO_HANDLER } from '../../helpers/paths.ts';
import { compiled, compileYaml } from '../../helpers/specs.ts';

const H = SOME_HANDLER;
const U = SOME_UNDO_HANDLER;

describe('Function: compileWorkflow (static checks)', () => {
  it.each([
    {
      title: 'express workflow timeout over 5 minutes',
      yaml: `name: w\ntype: express\ntimeout: 10m\nsteps:\n  a: { type: succeed }\n`,
      code: 'express-duration',
      path: ['timeout'],
    },
    {
      title: 'express workflow waiting longer than it may run',
      yaml: `name: w\ntype: express\nsteps:\n  a: { type: wait, duration: 6m, end: true }\n`,
      code: 'express-duration',
      path: ['steps', 'a', 'duration'],
    },
    {
      title: 'task timeout over the Lambda maximum',
      yaml: `name: w\nsteps:\n  a: { type: task, handler: ${H}, timeout: 20m, end: true }\n`,
      code: 'task-timeout-too-long',
      path: ['steps', 'a', 'timeout'],
    },
    {
      title: 'heartbeat not shorter than the timeout',
      yaml: `name: w\nsteps:\n  a: { type: task, handler: ${H}, timeout: 10s, heartbeat: 10s, end: true }\n`,
      code: 'invalid-heartbeat',
      path: ['steps', 'a', 'heartbeat'],
    },
    {
      title: 'a zero timeout (Step Functions refuses TimeoutSeconds 0)',
      yaml: `name: w\nsteps:\n  a: { type: task, handler: ${H}, timeout: 0s, end: true }\n`,
      code: 'duration-out-of-range',
      path: ['steps', 'a', 'timeout'],
    },
    {
      title: 'a zero workflow timeout',
      yaml: `name: w\ntimeout: 0s\nsteps:\n  a: { type: succeed }\n`,
      code: 'duration-out-of-range',
      path: ['timeout'],
    },
    {
      title: 'a zero retry interval',
      yaml: `name: w\nsteps:\n  a: { type: task, handler: ${H}, retry: [{ errors: [Aethon.Retryable], interval: 0s }], end: true }\n`,
      code: 'duration-out-of-range',
      path: ['steps', 'a', 'retry'],
    },
    {
      title: 'a retry maxDelay past one year',
      yaml: `name: w\nsteps:\n  a: { type: task, handler: ${H}, retry: [{ errors: [Aethon.Retryable], maxDelay: 400d }], end: true }\n`,
      code: 'duration-out-of-range',
      path: ['steps', 'a', 'retry'],
    },
    {
      title: 'an idempotency ttl shorter than the step timeout',
      yaml: `name: w\nsteps:\n  a: { type: task, handler: ${H}, timeout: 10m, idempotency: { key: id, ttl: 5m }, end: true }\n`,
      code: 'idempotency-ttl-below-timeout',
      path: ['steps', 'a', 'idempotency', 'ttl'],
    },
    {
      title: 'compensation state name over 80 characters',
      yaml: `name: w\nsteps:\n  ${'x'.repeat(75)}: { type: task, handler: ${H}, compensate: ${U}, next: b }\n  b: { type: task, handler: ${H}, end: true }\n`,
      code: 'state-name-too-long',
      path: ['steps', 'x'.repeat(75), 'compensate'],
    },
    {
      title: 'definition over 1 MB',
      // A small file (files over 1 MiB are refused before compiling) whose task states compile to over 1 MB.
      yaml: `name: w\nsteps:\n${Array.from({ length: 1_500 }, (_, i) => `  t${i}: { type: task, handler: ${SOME_HANDLER}, ${i < 1_499 ? `next: t${i + 1}` : 'end: true'} }`).join('\n')}\n`,
      code: 'definition-too-large',
      path: ['steps'],
    },
  ])(
    'refuses: $title',
    ({ yaml, code, path }) => {
      const result = compileYaml(yaml);
      expect(result.ok).toBe(false);
      expect(result.diagnostics.find((d) => d.code === code)).toMatchObject({ severity: 'error', path });
    },
    // The 1,500-step case loads, checks and compiles a whole workflow: about 4 s alone here,
    // more beside other test files on two cores.
    30_000,
  );

  it('warns about a loop when no workflow timeout bounds it, and not when one does', () => {
    const loop = `steps:\n  poll: { type: task, handler: ${H}, next: check }\n  check:\n    type: choice\n    choices: [{ when: "$states.input.done", next: ok }]\n    default: poll\n  ok: { type: succeed }\n`;
    const unbounded = compileYaml(`name: w\n${loop}`);
    expect(unbounded.ok).toBe(true);
    expect(unbounded.diagnostics).toMatchObject([{ code: 'unbounded-loop', severity: 'warning' }]);
    expect(compileYaml(`name: w\ntimeout: 1h\n${loop}`).diagnostics).toEqual([]);
  });
});

describe('Function: toMermaid', () => {
  it('draws states, choices, catches and map subgraphs', () => {
    const text = toMermaid(
      compiled(`name: w
steps:
  route:
    type: choice
    choices: [{ when: "$states.input.go", next: each }]
    default: stop
  each:
    type: map
    items: $states.input.items
    steps: { one: { type: task, handler: ${H}, end: true } }
    catch: [{ next: stop }]
    end: true
  stop: { type: fail, error: Stopped }
`).definition,
    );
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'flowchart TD',
        '  start((start)) --> s_route',
        '  s_route{"route"}',
        '  s_route -->|"$states.input.go"| s_each',
        '  s_route -->|default| s_stop',
        '  subgraph s_each ["each (Map)"]',
        '    s_one["one"]',
        '  s_each -.->|"States.ALL"| s_stop',
        '  s_stop(["stop"])',
      ]),
    );
  });

  it('warns that a heartbeat on a Lambda step is only a deadline', () => {
    const result = compileYaml(`name: w\nsteps:\n  a: { type: task, handler: ${H}, timeout: 60s, heartbeat: 10s, end: true }\n`);
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'heartbeat-is-a-deadline', severity: 'warning', path: ['steps', 'a', 'heartbeat'] })]);
  });
});
