/**
 * Table-driven: each broken workflow yields the expected diagnostic code, at the expected spec
 * path, line and column. Lines are 1-based in the YAML text below.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowSpec, type Diagnostic } from '../../../lib/spec/index.ts';
import { PROJECT_ROOT, SOME_HANDLER } from '../../helpers/paths.ts';

const H = SOME_HANDLER;

interface Case {
  readonly title: string;
  readonly yaml: string;
  readonly code: string;
  readonly path: string;
  readonly line: number;
  readonly col: number;
  readonly message?: RegExp;
}

const cases: Case[] = [
  {
    title: 'YAML syntax error',
    yaml: `name: x\nsteps:\n  a: [unclosed\n`,
    code: 'yaml-syntax', path: '', line: 4, col: 1,
  },
  {
    title: 'duplicate key',
    yaml: `name: x\nsteps:\n  a: { type: succeed }\n  a: { type: succeed }\n`,
    code: 'duplicate-key', path: '', line: 4, col: 3,
  },
  {
    title: 'unknown top-level key with suggestion',
    yaml: `name: x\ntimeot: 5m\nsteps:\n  a: { type: succeed }\n`,
    code: 'unknown-key', path: 'timeot', line: 2, col: 1, message: /did you mean 'timeout'/,
  },
  {
    title: 'unknown step key with suggestion',
    yaml: `name: x\nsteps:\n  a:\n    type: task\n    handler: ${H}\n    nxt: b\n    end: true\n`,
    code: 'unknown-key', path: 'steps.a.nxt', line: 6, col: 5, message: /did you mean 'next'/,
  },
  {
    title: 'dangling next with suggestion',
    yaml: `name: x\nsteps:\n  charge:\n    type: pass\n    next: chrage\n  done: { type: succeed }\n`,
    code: 'unknown-step', path: 'steps.charge.next', line: 5, col: 11, message: /unknown step 'chrage' in steps\.charge\.next; did you mean 'charge'\?/,
  },
  {
    title: 'missing step type',
    yaml: `name: x\nsteps:\n  a:\n    handler: ${H}\n    end: true\n`,
    code: 'missing-field', path: 'steps.a', line: 3, col: 3, message: /has no type/,
  },
  {
    title: 'unknown step type with suggestion',
    yaml: `name: x\nsteps:\n  a:\n    type: tsk\n`,
    code: 'unknown-step-type', path: 'steps.a.type', line: 4, col: 11, message: /did you mean 'task'/,
  },
  {
    title: 'missing handler file',
    yaml: `name: x\nsteps:\n  a:\n    type: task\n    handler: functions/nope.ts\n    end: true\n`,
    code: 'missing-handler', path: 'steps.a.handler', line: 5, col: 14,
  },
  {
    title: 'bad duration',
    yaml: `name: x\ntimeout: 5 minutes\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-value', path: 'timeout', line: 2, col: 10, message: /duration/,
  },
  {
    title: 'workflow name with spaces',
    yaml: `name: my workflow\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-value', path: 'name', line: 1, col: 7,
  },
  {
    title: 'step name over 80 characters',
    yaml: `name: x\nsteps:\n  ${'s'.repeat(81)}: { type: succeed }\n`,
    code: 'invalid-value', path: `steps.${'s'.repeat(81)}`, line: 3, col: 3,
  },
  {
    title: 'wrong type of value',
    yaml: `name: x\nsteps:\n  a:\n    type: task\n    handler: ${H}\n    memory: lots\n    end: true\n`,
    code: 'invalid-type', path: 'steps.a.memory', line: 6, col: 13,
  },
  {
    title: 'unreachable step',
    yaml: `name: x\nsteps:\n  a: { type: succeed }\n  orphan: { type: succeed }\n`,
    code: 'unreachable-step', path: 'steps.orphan', line: 4, col: 3,
  },
  {
    title: 'loop with no way out',
    yaml: `name: x\nsteps:\n  a: { type: pass, next: b }\n  b: { type: pass, next: a }\n`,
    code: 'loop-without-exit', path: 'steps.a', line: 3, col: 3,
  },
  {
    title: 'duplicate step name across scopes',
    yaml: `name: x\nsteps:\n  a:\n    type: map\n    items: $states.input\n    steps:\n      a: { type: succeed }\n    end: true\n`,
    code: 'duplicate-step', path: 'steps.a.steps.a', line: 7, col: 7,
  },
  {
    title: 'neither next nor end',
    yaml: `name: x\nsteps:\n  a: { type: pass }\n`,
    code: 'missing-transition', path: 'steps.a', line: 3, col: 3,
  },
  {
    title: 'both next and end',
    yaml: `name: x\nsteps:\n  a: { type: pass, next: b, end: true }\n  b: { type: succeed }\n`,
    code: 'conflicting-transition', path: 'steps.a', line: 3, col: 3,
  },
  {
    title: 'unknown startAt',
    yaml: `name: x\nstartAt: bb\nsteps:\n  b: { type: succeed }\n`,
    code: 'unknown-step', path: 'startAt', line: 2, col: 10, message: /did you mean 'b'/,
  },
  {
    title: 'secret not declared',
    yaml: `name: x\nsecrets: { apiKey: prod/api }\nsteps:\n  a:\n    type: task\n    handler: ${H}\n    secrets: [apikey]\n    end: true\n`,
    code: 'unknown-secret', path: 'steps.a.secrets[0]', line: 7, col: 15, message: /did you mean 'apiKey'/,
  },
  {
    title: 'config defaults that break the config schema',
    yaml: `name: x\nconfig:\n  schema: { type: object, properties: { rate: { type: integer, maximum: 10 } } }\n  defaults: { rate: 50 }\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-config-defaults', path: 'config.defaults.rate', line: 4, col: 21,
  },
  {
    title: 'config defaults missing a key the schema requires',
    yaml: `name: x\nconfig:\n  schema: { type: object, required: [rate], properties: { rate: { type: integer } } }\n  defaults: {}\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-config-defaults', path: 'config.defaults', line: 4, col: 3, message: /^config\.defaults\.rate is required by config\.schema \(JSON pointer \/rate\)$/,
  },
  {
    title: 'config defaults with a key the schema does not allow',
    yaml: `name: x\nconfig:\n  schema: { type: object, additionalProperties: false, properties: { limits: { type: object, additionalProperties: false } } }\n  defaults: { limits: { ratee: 1 } }\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-config-defaults', path: 'config.defaults.limits.ratee', line: 4, col: 32, message: /^config\.defaults\.limits\.ratee is not allowed by config\.schema \(JSON pointer \/limits\/ratee\)$/,
  },
  {
    title: 'config schema that is not a JSON Schema',
    yaml: `name: x\nconfig:\n  schema: { type: objekt }\n  defaults: {}\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-config-schema', path: 'config.schema.type', line: 3, col: 19, message: /^config\.schema\.type must be equal to one of the allowed values \(JSON pointer \/type\)/,
  },
  {
    title: 'config schema broken at a nested key',
    yaml: `name: x\nconfig:\n  schema:\n    type: object\n    properties:\n      rate: { type: integer, minimum: low }\n  defaults: {}\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-config-schema', path: 'config.schema.properties.rate.minimum', line: 6, col: 39, message: /^config\.schema\.properties\.rate\.minimum must be number/,
  },
  {
    title: 'JSONata that does not parse',
    yaml: `name: x\nsteps:\n  a:\n    type: choice\n    choices:\n      - when: $states.input.x = = 1\n        next: b\n  b: { type: succeed }\n`,
    code: 'invalid-expression', path: 'steps.a.choices[0].when', line: 6, col: 15,
  },
  {
    title: 'JSONata 2.1 syntax that Step Functions (JSONata 2.0.6) refuses',
    yaml: `name: x\nsteps:\n  a:\n    type: pass\n    output: "{% $states.input.x ?? 'none' %}"\n    end: true\n`,
    code: 'jsonata-version', path: 'steps.a.output', line: 5, col: 13, message: /'\?\?' \(at character 16\) is JSONata 2\.1 syntax.*\$exists\(a\) \? a : b/,
  },
  {
    title: 'wait with both duration and timestamp',
    yaml: `name: x\nsteps:\n  a: { type: wait, duration: 5s, timestamp: '2026-01-01T00:00:00Z', end: true }\n`,
    code: 'invalid-wait', path: 'steps.a', line: 3, col: 3,
  },
  {
    title: 'States.ALL not last in catch',
    yaml: `name: x\nsteps:\n  a:\n    type: task\n    handler: ${H}\n    catch:\n      - { errors: [States.ALL], next: b }\n      - { errors: [Aethon.Permanent], next: b }\n    end: true\n  b: { type: succeed }\n`,
    code: 'invalid-catch', path: 'steps.a.catch[0].errors', line: 7, col: 11,
  },
  {
    title: 'event pattern leaf that is not a list',
    yaml: `name: x\ntriggers:\n  - event:\n      pattern: { source: app.users }\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-event-pattern', path: 'triggers[0].event.pattern.source', line: 4, col: 26,
  },
  {
    title: 'unknown time zone',
    yaml: `name: x\ntriggers:\n  - schedule: { expression: rate(1 day), timezone: Mars/Olympus }\nsteps:\n  a: { type: succeed }\n`,
    code: 'invalid-timezone', path: 'triggers[0].schedule.timezone', line: 3, col: 52,
  },
  {
    title: 'idempotency key on an express workflow',
    yaml: `name: x\ntype: express\ntriggers:\n  - event: { pattern: { source: [a] }, idempotencyKey: $.detail.id }\nsteps:\n  a: { type: succeed }\n`,
    code: 'idempotency-key-on-express', path: 'triggers[0].event.idempotencyKey', line: 4, col: 56,
  },
  {
    title: 'a file that is not a mapping',
    yaml: `- just\n- a list\n`,
    code: 'invalid-type', path: '', line: 1, col: 1,
  },
];

function pathText(d: Diagnostic): string {
  return d.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

describe('Function: parseWorkflowSpec (bad specs)', () => {
  it.each(cases)('reports $code for: $title', ({ yaml, code, path, line, col, message }) => {
    // Act
    const result = parseWorkflowSpec('workflows/x.yaml', yaml, { projectRoot: PROJECT_ROOT });

    // Assess
    expect(result.ok).toBe(false);
    const found = result.diagnostics.find((d) => d.code === code);
    expect(found, JSON.stringify(result.diagnostics, null, 2)).toBeDefined();
    expect(pathText(found!)).toBe(path);
    expect({ line: found!.line, col: found!.col }).toEqual({ line, col });
    expect(found!.file).toBe('workflows/x.yaml');
    if (message) expect(found!.message).toMatch(message);
  });

  it('reports every problem at once, not only the first', () => {
    const yaml = `name: x\ntimeot: 5m\nsteps:\n  a: { type: pass, next: bb }\n  b:\n    type: task\n    handler: ${H}\n    nxt: a\n    end: true\n`;
    const result = parseWorkflowSpec('x.yaml', yaml, { projectRoot: PROJECT_ROOT });
    // The handler's undeclared NOTIFY_API_URL is found in the same pass as the schema errors.
    expect(result.diagnostics.map((d) => d.code).sort()).toEqual(['undeclared-environment', 'unknown-key', 'unknown-key', 'unknown-step']);
  });

  it('reports handler, trigger and config problems together with schema errors', () => {
    const yaml =
      `name: x\ntimeot: 5m\nconfig:\n  schema: { type: object, properties: { rate: { type: integer } } }\n  defaults: { rate: fast }\n` +
      `triggers:\n  - schedule: { expression: rate(1 day), timezone: Mars/Olympus }\nsteps:\n  a:\n    type: task\n    handler: functions/nope.ts\n    end: true\n`;
    const result = parseWorkflowSpec('x.yaml', yaml, { projectRoot: PROJECT_ROOT });
    expect(result.diagnostics.map((d) => d.code).sort()).toEqual(['invalid-config-defaults', 'invalid-timezone', 'missing-handler', 'unknown-key']);
  });

  it('checks the steps that fit the schema while another step does not: secrets, expressions, retry order', () => {
    const yaml =
      `name: x\nsecrets: { apiKey: prod/api }\nsteps:\n  broken: { type: pass, nxt: a, next: a }\n` +
      `  a:\n    type: task\n    handler: ${H}\n    secrets: [apikey]\n    retry: [{ errors: [States.ALL] }, { errors: [Aethon.Retryable] }]\n    next: b\n` +
      `  b: { type: choice, choices: [{ when: "{% $states.input.x = = 1 %}", next: a }], default: a }\n`;
    const result = parseWorkflowSpec('x.yaml', yaml, { projectRoot: PROJECT_ROOT });
    const found = result.diagnostics.map((d) => `${d.code}@${pathText(d)}`);
    expect(found).toEqual(
      expect.arrayContaining(['unknown-key@steps.broken.nxt', 'unknown-secret@steps.a.secrets[0]', 'invalid-retry@steps.a.retry[0].errors', 'invalid-expression@steps.b.choices[0].when']),
    );
    // A check that the salvage and the step both run reports once.
    expect(new Set(found).size).toBe(found.length);
  });

  it('does not echo a dangling next as unreachable steps', () => {
    const yaml = `name: x\nsteps:\n  a: { type: pass, next: c }\n  b: { type: succeed }\n`;
    const result = parseWorkflowSpec('x.yaml', yaml, { projectRoot: PROJECT_ROOT });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['unknown-step']);
  });
});
