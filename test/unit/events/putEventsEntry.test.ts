import { describe, expect, it } from 'vitest';
import { MalformedEventError, parseEventEntry, toDeliveredEvent } from '../../../lib/events/index.ts';

describe('Function: parseEventEntry', () => {
  it('accepts a PutEvents entry with Detail as text or as an object', () => {
    // Act
    const fromText = parseEventEntry({ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: '{"releaseId":"r-1"}' });
    const fromObject = parseEventEntry({ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: { releaseId: 'r-1' }, EventBusName: 'ops' });
    // Assess
    expect(fromText).toEqual({ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: '{"releaseId":"r-1"}', EventBusName: 'default' });
    expect(fromObject).toMatchObject({ Detail: '{"releaseId":"r-1"}', EventBusName: 'ops' });
  });

  it('accepts the event as a rule receives it (source, detail-type, detail)', () => {
    // Act
    const entry = parseEventEntry({ source: 'app.ci', 'detail-type': 'ReleaseTagged', detail: { releaseId: 'r-1' }, time: '2026-11-28T03:00:00Z' });
    // Assess
    expect(entry).toMatchObject({ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: '{"releaseId":"r-1"}' });
    expect(entry.Time?.toISOString()).toBe('2026-11-28T03:00:00.000Z');
  });

  it('reports every problem of a malformed entry at once', () => {
    // Act
    let error: unknown;
    try {
      parseEventEntry({ Source: '', Detail: '[1]', Resources: 'arn', Time: 'yesterday', Extra: 1 });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error as MalformedEventError).problems).toEqual([
      'Source must be a non-empty string',
      'DetailType must be a non-empty string (it is missing)',
      'Detail must be a JSON object',
      'Resources must be an array of strings (ARNs)',
      'Time must be an ISO 8601 date, e.g. 2026-11-28T03:00:00Z',
      'unknown field Extra (a PutEvents entry has Source, DetailType, Detail, EventBusName, Resources, Time)',
    ]);
  });

  it.each([
    [null, /expected a JSON object/],
    [[], /got an array/],
    [{ Source: 'aws.ec2', DetailType: 'X', Detail: {} }, /reserved for AWS services/],
    [{ Source: 'a', DetailType: 'X', Detail: '{nope' }, /Detail is not JSON/],
    [{ Source: 'a', DetailType: 'X' }, /Detail must be a JSON object \(it is missing\)/],
    [{ Source: 'a', DetailType: 'X', Detail: { big: 'x'.repeat(300 * 1024) } }, /larger than 256 KiB/],
  ])('refuses %j', (raw, message) => {
    // Act / Assess
    expect(() => parseEventEntry(raw)).toThrow(message);
  });
});

describe('Function: toDeliveredEvent', () => {
  it('builds the event a rule receives, with the entry time or now', () => {
    // Prepare
    const entry = parseEventEntry({ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: { releaseId: 'r-1' }, Resources: ['arn:x'] });
    // Act
    const event = toDeliveredEvent(entry, { now: new Date('2026-11-28T03:00:00.123Z'), id: 'e-1' });
    // Assess
    expect(event).toEqual({
      version: '0',
      id: 'e-1',
      'detail-type': 'ReleaseTagged',
      source: 'app.ci',
      account: '123456789012',
      time: '2026-11-28T03:00:00Z',
      region: 'us-east-1',
      resources: ['arn:x'],
      detail: { releaseId: 'r-1' },
    });
  });
});
