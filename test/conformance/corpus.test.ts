// Reference:
//   test/fixtures/asl-corpus/MANIFEST.md (51 public aws-samples definitions, MIT-0)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskInvoker } from '../../lib/local/taskInvoker.ts';
import { ASL_CORPUS_DIR, aslCorpusFiles } from '../helpers/aslCorpus.ts';
import { CORPUS_FIXTURES } from './corpusFixtures.ts';
import { run } from './harness.ts';

/**
 * Expected outcome per corpus file: 'SUCCEEDED', or the named failure the engine must report.
 * A change here is a behaviour change: update it on purpose, never to make a run pass.
 */
const EXPECTED: Readonly<Record<string, 'SUCCEEDED' | { error: string; cause: RegExp }>> = {
  // Reads $states.context.Task.Token in a startExecution.sync:2 task; the engine offers a token
  // only to .waitForTaskToken integrations (doubtful: see the engine report).
  'jsonata-data-extraction-child-map-loop.asl.json': { error: 'States.QueryEvaluationError', cause: /\$states\.context\.Task\.Token/ },
};

const files = aslCorpusFiles();

/** Canned results: the fixture's value for the state, else a generic service-shaped answer. */
function cannedInvoker(file: string): TaskInvoker {
  const results = CORPUS_FIXTURES[file]?.results ?? {};
  return async ({ stateName, resource, parameters }) => {
    const canned = results[stateName];
    if (typeof canned === 'function') return (canned as (p: unknown) => unknown)(parameters);
    if (canned !== undefined) return canned;
    return resource.endsWith('lambda:invoke') ? { StatusCode: 200, Payload: {} } : {};
  };
}

describe('Corpus: every public ASL sample loads and runs on mocked tasks', () => {
  it('has the 51 corpus files', () => {
    expect(files).toHaveLength(51);
  });

  it.each(files)('%s', async (file) => {
    const definition: unknown = JSON.parse(readFileSync(join(ASL_CORPUS_DIR, file), 'utf8'));
    const { record } = await run(definition, CORPUS_FIXTURES[file]?.input ?? {}, cannedInvoker(file), { maxHistoryEvents: 5000 });
    const expected = EXPECTED[file] ?? 'SUCCEEDED';
    if (expected === 'SUCCEEDED') {
      expect({ status: record.status, error: record.error, cause: record.cause }).toEqual({ status: 'SUCCEEDED', error: undefined, cause: undefined });
    } else {
      expect(record.status).toBe('FAILED');
      expect(record.error).toBe(expected.error);
      expect(record.cause).toMatch(expected.cause);
    }
    // Whatever the outcome, the history is well formed and closed by one execution event.
    expect(record.history[0]!.type).toBe('ExecutionStarted');
    expect(record.history.at(-1)!.type).toMatch(/^Execution(Succeeded|Failed)$/);
    record.history.forEach((event, i) => expect(event.id).toBe(i + 1));
  });
});
