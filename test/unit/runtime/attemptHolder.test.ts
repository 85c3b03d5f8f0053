/** Whether an in-progress record's holder is a dead attempt of the same execution, with real processes. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAttemptHolder, isDeadHolderOf, thisProcess } from '../../../lib/runtime/idempotency/attemptHolder.ts';

/** The pid of a process that has exited (and been reaped). */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('attempt holder', () => {
  it('sees this process alive and an exited one gone', async () => {
    const self = thisProcess();
    expect(self.isAlive(process.pid)).toBe(true);
    expect(self.isAlive(await exitedPid())).toBe(false);
  });

  it('is dead only for the same execution, on this host, under another pid that is gone', async () => {
    const self = thisProcess();
    const gone = await exitedPid();
    const execution = 'arn:aws:states:us-east-1:123456789012:execution:w:e-1';

    expect(isDeadHolderOf({ execution, host: self.host, pid: gone }, execution, self)).toBe(true);
    expect(isDeadHolderOf({ execution, host: self.host, pid: gone }, `${execution}-other`, self)).toBe(false);
    expect(isDeadHolderOf({ execution, host: 'another-host', pid: gone }, execution, self)).toBe(false);
    expect(isDeadHolderOf({ execution, host: self.host, pid: process.pid }, execution, self)).toBe(false);
  });

  it('reads only a complete holder', () => {
    expect(isAttemptHolder({ execution: 'e', host: 'h', pid: 1 })).toBe(true);
    expect(isAttemptHolder({ execution: 'e', host: 'h' })).toBe(false);
    expect(isAttemptHolder('e')).toBe(false);
  });
});
