import { describe, expect, it } from 'vitest';
import { formatHandlerLogLine, readHandlerLogLine } from '../../../lib/cli/render/handlerLogLine.ts';
import { styleWith } from '../../../lib/cli/render/terminalStyle.ts';

const plain = { style: styleWith(false), prefix: '    ' };
const record = JSON.stringify({
  level: 'INFO',
  message: 'partner files listed',
  timestamp: '2026-12-04T07:34:02.122Z',
  service: 'nightly-etl',
  cold_start: true,
  function_request_id: 'b8b9',
  sampling_rate: 0,
  workflow: 'nightly-etl',
  execution_id: 'arn:aws:states:us-east-1:123456789012:execution:nightly-etl:x',
  execution_name: 'x',
  correlation_id: 'arn:x',
  state: 'fetchFileList',
  attempt: 1,
  date: '2026-12-01',
  count: 3,
  note: 'two words',
});
const metrics = JSON.stringify({ _aws: { Timestamp: 1, CloudWatchMetrics: [] }, service: 's', ColdStart: 1 });

describe('Function: formatHandlerLogLine', () => {
  it('shows level, message and the keys that say something, not the correlation keys', () => {
    // Act
    const text = formatHandlerLogLine(readHandlerLogLine(record), plain);
    // Assess
    expect(text).toBe('    INFO  partner files listed  date=2026-12-01 count=3 note="two words"\n');
  });

  it('shows an error as its name and message, without the stack', () => {
    // Prepare
    const line = JSON.stringify({ level: 'ERROR', message: 'step failed', error: { name: 'Aethon.Permanent', message: 'no such file', stack: 'Aethon.Permanent: no such file\n    at f (x.ts:1:1)' } });
    // Act
    const text = formatHandlerLogLine(readHandlerLogLine(line), plain);
    // Assess
    expect(text).toBe('    ERROR step failed  error="Aethon.Permanent: no such file"\n');
  });

  it('leaves metric (EMF) lines out unless verbose, and then prints every line whole', () => {
    // Act
    const hidden = formatHandlerLogLine(readHandlerLogLine(metrics), plain);
    const shown = formatHandlerLogLine(readHandlerLogLine(metrics), { ...plain, verbose: true });
    const whole = formatHandlerLogLine(readHandlerLogLine(record), { ...plain, verbose: true });
    // Assess
    expect(hidden).toBeUndefined();
    expect(shown).toBe(`    ${metrics}\n`);
    expect(whole).toBe(`    ${record}\n`);
  });

  it('keeps plain text and text that only looks like JSON as written', () => {
    // Act
    const text = formatHandlerLogLine(readHandlerLogLine('shouting HELLO'), plain);
    const broken = formatHandlerLogLine(readHandlerLogLine('{not json'), plain);
    const array = formatHandlerLogLine(readHandlerLogLine('[1,2]'), plain);
    // Assess
    expect([text, broken, array]).toEqual(['    shouting HELLO\n', '    {not json\n', '    [1,2]\n']);
  });

  it('cuts a long value and colours the level on a terminal', () => {
    // Prepare
    const line = JSON.stringify({ level: 'WARN', message: 'big', body: 'x'.repeat(500) });
    // Act
    const text = formatHandlerLogLine(readHandlerLogLine(line), { style: styleWith(true), prefix: '' })!;
    // Assess
    expect(text.startsWith('\u001b[33mWARN \u001b[39m big')).toBe(true);
    expect(text).toContain(`${'x'.repeat(159)}…`);
    expect(text).not.toContain('x'.repeat(160));
  });
});
