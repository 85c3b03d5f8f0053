/**
 * Real-world spellings must parse: every `.$` payload value and every JSONPath field in the 51
 * public AWS sample definitions under test/fixtures/asl-corpus (MIT-0, see its MANIFEST.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { parsePath } from '../../../../lib/local/jsonpath/index.ts';
import { isIntrinsic, validateIntrinsic } from '../../../../lib/local/intrinsics/index.ts';
import { ASL_CORPUS_DIR, aslCorpusFiles } from '../../../helpers/aslCorpus.ts';

/** ASL fields whose string value is a JSONPath (Input and output processing; Choice; Wait; Task; Map). */
const PATH_FIELDS = new Set([
  'InputPath',
  'OutputPath',
  'ResultPath',
  'ItemsPath',
  'Variable',
  'SecondsPath',
  'TimestampPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
]);
/** Choice comparison operators in their `...Path` form, e.g. `NumericLessThanPath`. */
const COMPARISON_PATH = /^(String|Numeric|Boolean|Timestamp)[A-Za-z]*Path$/;

interface Expression {
  readonly where: string;
  readonly text: string;
}

function collect(node: unknown, where: string, out: Expression[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => collect(item, `${where}[${i}]`, out));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    const at = `${where}/${key}`;
    const isPathField = key.endsWith('.$') || PATH_FIELDS.has(key) || COMPARISON_PATH.test(key);
    if (isPathField && typeof value === 'string') out.push({ where: at, text: value });
    else collect(value, at, out);
  }
}

function check(expression: string): string | undefined {
  try {
    if (isIntrinsic(expression)) validateIntrinsic(expression);
    else parsePath(expression);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const files = aslCorpusFiles();
const perFile = files.map((file) => {
  const expressions: Expression[] = [];
  collect(JSON.parse(readFileSync(join(ASL_CORPUS_DIR, file), 'utf8')), '', expressions);
  return { file, expressions };
});

describe('ASL corpus: every JSONPath and intrinsic in real definitions parses', () => {
  it('finds the 51 definitions and a substantial number of expressions in them', () => {
    expect(files).toHaveLength(51);
    const all = perFile.flatMap((f) => f.expressions);
    expect(all.length).toBeGreaterThan(400);
    expect(all.filter((e) => isIntrinsic(e.text)).length).toBeGreaterThanOrEqual(30);
  });

  it.each(perFile)('$file', ({ expressions }) => {
    const failures = expressions
      .map((e) => ({ ...e, error: check(e.text) }))
      .filter((e) => e.error !== undefined);
    expect(failures).toEqual([]);
  });
});
