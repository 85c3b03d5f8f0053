import { describe, expect, it } from 'vitest';
import { RunProgress } from '../../../lib/cli/render/runProgress.ts';
import { styleWith } from '../../../lib/cli/render/terminalStyle.ts';
import type { HistoryEvent } from '../../../lib/local/types.ts';

/** Builds a history as the engine streams it: ids in order, previousEventId given, one second a step of `at`. */
function history(...events: Array<[type: string, previous: number, at: number, details?: Record<string, unknown>]>): HistoryEvent[] {
  return events.map(([type, previousEventId, at, details], index) => ({
    id: index + 1,
    previousEventId,
    type,
    timestamp: new Date(Date.UTC(2026, 0, 1) + at * 1000).toISOString(),
    ...details,
  }));
}

const entered = (name: string) => ({ stateEnteredEventDetails: { name } });
const exited = (name: string) => ({ stateExitedEventDetails: { name } });
const failed = (error: string) => ({ taskFailedEventDetails: { error, cause: 'c' } });

function render(events: HistoryEvent[], logs: Array<{ afterEvent: number; stateName: string | undefined; line: string }> = []): string {
  let out = '';
  const progress = new RunProgress({ write: (text) => (out += text), style: styleWith(false) });
  for (const event of events) {
    progress.onEvent(event);
    for (const log of logs.filter((l) => l.afterEvent === event.id)) progress.onLog({ line: log.line, stateName: log.stateName, functionName: 'fn', requestId: 'r', stream: 'stdout' });
  }
  return out;
}

describe('Class: RunProgress', () => {
  it('prints a line per state when it ends, with its retries and duration, and its logs under it', () => {
    // Prepare
    const events = history(
      ['ExecutionStarted', 0, 0],
      ['TaskStateEntered', 0, 0, entered('charge')],
      ['TaskScheduled', 2, 0],
      ['TaskFailed', 3, 0, failed('Aethon.Retryable')],
      ['TaskScheduled', 4, 2],
      ['TaskSucceeded', 5, 2],
      ['TaskStateExited', 6, 2, exited('charge')],
      ['PassStateEntered', 7, 2, entered('tidy')],
      ['PassStateExited', 8, 2, exited('tidy')],
      ['ExecutionSucceeded', 9, 2],
    );
    // Act
    const out = render(events, [{ afterEvent: 5, stateName: 'charge', line: '{"level":"INFO","message":"charged","chargeId":"ch_1"}' }]);
    // Assess
    expect(out.split('\n')).toEqual([
      '  ok        charge                        2.00 s  1 retry',
      '      INFO  charged  chargeId=ch_1',
      '  ok        tidy                            0 ms',
      '',
    ]);
  });

  it('says a caught error was caught, and a state open when the execution failed failed with its error', () => {
    // Prepare
    const events = history(
      ['ExecutionStarted', 0, 0],
      ['TaskStateEntered', 0, 0, entered('ship')],
      ['TaskScheduled', 2, 0],
      ['TaskFailed', 3, 1, failed('Aethon.Permanent')],
      ['TaskStateExited', 4, 1, exited('ship')],
      ['TaskStateEntered', 5, 1, entered('notify')],
      ['TaskScheduled', 6, 1],
      ['TaskFailed', 7, 3, failed('States.Timeout')],
      ['ExecutionFailed', 8, 3, { executionFailedEventDetails: { error: 'States.Timeout' } }],
    );
    // Act
    const out = render(events);
    // Assess
    expect(out).toMatch(/^ {2}caught +ship +1\.00 s {2}Aethon\.Permanent$/m);
    expect(out).toMatch(/^ {2}failed +notify +2\.00 s {2}States\.Timeout$/m);
  });

  it('puts the states of Map iterations under their Map, numbered by iteration', () => {
    // Prepare
    const events = history(
      ['ExecutionStarted', 0, 0],
      ['MapStateEntered', 0, 0, entered('each')],
      ['MapStateStarted', 2, 0],
      ['MapIterationStarted', 3, 0, { mapIterationStartedEventDetails: { name: 'each', index: 0 } }],
      ['TaskStateEntered', 4, 0, entered('price')],
      ['MapIterationStarted', 3, 0, { mapIterationStartedEventDetails: { name: 'each', index: 1 } }],
      ['TaskStateEntered', 6, 0, entered('price')],
      ['TaskScheduled', 5, 0],
      ['TaskSucceeded', 8, 1],
      ['TaskStateExited', 9, 1, exited('price')],
      ['TaskScheduled', 7, 0],
      ['TaskSucceeded', 11, 1],
      ['TaskStateExited', 12, 1, exited('price')],
      ['MapStateSucceeded', 13, 1],
      ['MapStateExited', 14, 1, exited('each')],
    );
    // Act
    const out = render(events);
    // Assess
    expect(out.split('\n')).toEqual([
      '  start     each (Map)',
      '    ok        price [0]                   1.00 s',
      '    ok        price [1]                   1.00 s',
      '  ok        each                          1.00 s',
      '',
    ]);
  });

  it('prints a line no running state owns at once, labelled with where it came from', () => {
    // Prepare
    const events = history(['ExecutionStarted', 0, 0]);
    // Act
    const out = render(events, [{ afterEvent: 1, stateName: undefined, line: 'bundling: x.ts:1:1: warning' }]);
    // Assess
    expect(out).toBe('  [fn] bundling: x.ts:1:1: warning\n');
  });

  it('never throws into the engine: a failure to print is told once and progress stops', () => {
    // Prepare
    const warnings: string[] = [];
    const progress = new RunProgress({
      write: () => {
        throw new Error('write EPIPE');
      },
      style: styleWith(false),
      warn: (message) => warnings.push(message),
    });
    const events = history(['TaskStateEntered', 0, 0, entered('a')], ['TaskStateExited', 1, 0, exited('a')], ['PassStateEntered', 2, 0, entered('b')], ['PassStateExited', 3, 0, exited('b')]);
    // Act
    const act = () => events.forEach((event) => progress.onEvent(event));
    // Assess
    expect(act).not.toThrow();
    expect(warnings).toEqual(['progress could not be shown (write EPIPE); the summary follows at the end']);
  });

  it('on a terminal, keeps a last line naming what runs now, erased before each line that stays', () => {
    // Prepare
    let out = '';
    const progress = new RunProgress({ write: (text) => (out += text), style: styleWith(false), live: true });
    const events = history(
      ['ExecutionStarted', 0, 0],
      ['TaskStateEntered', 0, 0, entered('build')],
      ['TaskScheduled', 2, 0],
      ['TaskSucceeded', 3, 1],
      ['TaskStateExited', 4, 1, exited('build')],
      ['WaitStateEntered', 5, 1, entered('pause')],
      ['WaitStateExited', 6, 31, exited('pause')],
      ['ExecutionSucceeded', 7, 31],
    );
    // Act
    for (const event of events) progress.onEvent(event);
    // Assess
    const erase = '\r\u001b[2K';
    expect(out).toBe(
      '  running   build' +
        `${erase}  ok        build                         1.00 s\n` +
        '  waiting   pause' +
        `${erase}  ok        pause                         30.0 s\n`,
    );
  });

  it('when the execution fails, says which state failed and which were only stopped beside it', () => {
    // Prepare
    const events = history(
      ['ExecutionStarted', 0, 0],
      ['ParallelStateEntered', 0, 0, entered('both')],
      ['ParallelStateStarted', 2, 0],
      ['TaskStateEntered', 3, 0, entered('slow')],
      ['FailStateEntered', 3, 0, entered('broken')],
      ['ParallelStateFailed', 5, 1],
      ['ExecutionFailed', 6, 1, { executionFailedEventDetails: { error: 'Custom.Broken' } }],
    );
    // Act
    const out = render(events);
    // Assess
    expect(out).toMatch(/^ {4}stopped +slow +1\.00 s$/m);
    expect(out).toMatch(/^ {4}failed +broken +1\.00 s {2}Custom\.Broken$/m);
    expect(out).toMatch(/^ {2}failed +both +1\.00 s {2}Custom\.Broken$/m);
  });

  it('ends the state of a failed Map iteration with the Map, and a caught Map says with what error', () => {
    // Prepare
    const events = history(
      ['ExecutionStarted', 0, 0],
      ['MapStateEntered', 0, 0, entered('each')],
      ['MapStateStarted', 2, 0],
      ['MapIterationStarted', 3, 0, { mapIterationStartedEventDetails: { name: 'each', index: 0 } }],
      ['TaskStateEntered', 4, 0, entered('load')],
      ['TaskScheduled', 5, 0],
      ['TaskFailed', 6, 1, failed('Aethon.Permanent')],
      ['MapIterationFailed', 7, 1, { mapIterationFailedEventDetails: { name: 'each', index: 0 } }],
      ['MapStateFailed', 8, 1],
      ['MapStateExited', 9, 1, exited('each')],
      ['PassStateEntered', 10, 1, entered('report')],
      ['PassStateExited', 11, 1, exited('report')],
      ['ExecutionSucceeded', 12, 1],
    );
    // Act
    const out = render(events);
    // Assess
    expect(out.split('\n')).toEqual([
      '  start     each (Map)',
      '    failed    load [0]                    1.00 s  Aethon.Permanent',
      '  caught    each                          1.00 s  Aethon.Permanent',
      '  ok        report                          0 ms',
      '',
    ]);
  });
});
