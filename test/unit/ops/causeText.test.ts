import { describe, expect, it } from 'vitest';
import { causeText } from '../../../lib/ops/executions/causeText.ts';

describe('Function: causeText', () => {
  it("gives a Lambda error's message, and other text as it is", () => {
    expect(causeText(JSON.stringify({ errorType: 'Aethon.Permanent', errorMessage: 'card declined', trace: ['at x'] }))).toBe('card declined');
    expect(causeText('plain words')).toBe('plain words');
    expect(causeText('42')).toBe('42');
  });

  it('gives the original error and each failed compensation of Aethon.CompensationFailed on one line', () => {
    const lambdaCause = (message: string) => JSON.stringify({ errorType: 'Error', errorMessage: message, trace: ['at y'] });
    const cause = JSON.stringify({
      error: 'Aethon.Permanent',
      cause: lambdaCause('card declined'),
      failedCompensations: [{ step: 'charge', error: 'Error', cause: lambdaCause('refund API down') }],
    });
    expect(causeText(cause)).toBe('Aethon.Permanent: card declined; then compensation failed for charge (Error: refund API down)');
  });
});
