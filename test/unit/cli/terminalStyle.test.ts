import { describe, expect, it } from 'vitest';
import { colourWanted, terminalStyle } from '../../../lib/cli/render/terminalStyle.ts';

const terminal = { write: () => undefined, isTTY: true };
const pipe = { write: () => undefined };

describe('Function: colourWanted', () => {
  it.each([
    ['a terminal', terminal, {}, true],
    ['a pipe', pipe, {}, false],
    ['a terminal with NO_COLOR', terminal, { NO_COLOR: '1' }, false],
    ['a terminal with an empty NO_COLOR (ignored, as no-color.org says)', terminal, { NO_COLOR: '' }, true],
    ['a terminal with TERM=dumb', terminal, { TERM: 'dumb' }, false],
    ['a pipe with FORCE_COLOR', pipe, { FORCE_COLOR: '1' }, true],
    ['a terminal with FORCE_COLOR and NO_COLOR (FORCE_COLOR wins, as in Node.js)', terminal, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ['a terminal with FORCE_COLOR=0', terminal, { FORCE_COLOR: '0' }, false],
    ['a terminal with FORCE_COLOR=false', terminal, { FORCE_COLOR: 'false' }, false],
  ])('decides for %s', (_what, stream, env, expected) => {
    // Act
    const wanted = colourWanted(stream, env);
    // Assess
    expect(wanted).toBe(expected);
  });

  it('returns text unchanged when colour is off and wrapped in SGR codes when on', () => {
    // Act
    const off = terminalStyle(pipe, {});
    const on = terminalStyle(terminal, {});
    // Assess
    expect(off.red('x')).toBe('x');
    expect(on.red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
