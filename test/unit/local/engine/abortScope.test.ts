import { describe, expect, it } from 'vitest';
import { AbortScope } from '../../../../lib/local/engine/AbortScope.ts';

describe('Class: AbortScope', () => {
  it('calls its listeners once, with the first reason, and not after they are removed', () => {
    const scope = new AbortScope();
    const calls: string[] = [];
    scope.onAbort(() => calls.push('a'));
    const remove = scope.onAbort(() => calls.push('b'));
    remove();
    scope.abort('first');
    scope.abort('second');
    expect(calls).toEqual(['a']);
    expect([scope.aborted, scope.reason]).toEqual([true, 'first']);
  });

  it('gives a real AbortSignal that aborts with the scope, made before or after the abort', () => {
    const before = new AbortScope();
    const signal = before.signal;
    expect(signal.aborted).toBe(false);
    before.abort('stop');
    expect([signal.aborted, signal.reason]).toEqual([true, 'stop']);

    const after = new AbortScope();
    after.abort('late');
    expect([after.signal.aborted, after.signal.reason]).toEqual([true, 'late']);
    expect(after.signal).toBe(after.signal);
  });
});
