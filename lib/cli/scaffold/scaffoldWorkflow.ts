/**
 * Writes a new workflow into a project: its file under workflows/, its handlers under
 * functions/<workflow>/, and its test under test/workflows/ (vitest's defaults find it in a project
 * of its own; this repository's vitest config lists the folder in its integration project).
 * Checks everything before writing anything, so a refusal leaves the project as it was.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { WORKFLOW_NAME } from '../../spec/index.ts';
import { listWorkflowFiles } from '../../workspace/index.ts';
import { UsageError } from '../io.ts';
import { checkRequestHandler, createRecordHandler, importStyle, serviceVariable, workflowTest, workflowYaml } from './workflowTemplate.ts';

/** The longest workflow name (it names the state machine; Step Functions allows 80 characters). */
const MAX_NAME_LENGTH = 80;

/** What was written, relative to the project, and what the next commands need. */
export interface ScaffoldedWorkflow {
  readonly files: readonly string[];
  readonly workflow: string;
  readonly serviceVariable: string;
  readonly testFile: string;
}

/**
 * @throws UsageError for an invalid or taken name, a project folder that is a file, or a file
 *   that would be overwritten (nothing is written then)
 */
export function scaffoldWorkflow(projectRoot: string, workflow: string): ScaffoldedWorkflow {
  if (!WORKFLOW_NAME.test(workflow) || workflow.length > MAX_NAME_LENGTH) {
    throw new UsageError(`'${workflow}' is not a valid workflow name: use letters, digits, - and _, start with a letter or digit, at most ${MAX_NAME_LENGTH} characters (e.g. tenant-setup)`);
  }
  if (existsSync(projectRoot) && !statSync(projectRoot).isDirectory()) throw new UsageError(`--dir ${projectRoot} is a file, not a project folder`);
  const taken = listWorkflowFiles(projectRoot).find((file) => basename(file, extname(file)).toLowerCase() === workflow.toLowerCase());
  if (taken) throw new UsageError(`a workflow named '${basename(taken, extname(taken))}' already exists (workflows/${basename(taken)}); choose another name`);

  const inAethonRepository = isAethonRepository(projectRoot);
  const variable = serviceVariable(workflow);
  const testFile = workflowTestFile(workflow);
  const files: Record<string, string> = {
    [`workflows/${workflow}.yaml`]: workflowYaml(workflow, importStyle(inAethonRepository, 1).schema, variable),
    [`functions/${workflow}/checkRequest.ts`]: checkRequestHandler(importStyle(inAethonRepository, 2).runtime),
    [`functions/${workflow}/createRecord.ts`]: createRecordHandler(importStyle(inAethonRepository, 2).runtime, variable),
    [testFile]: workflowTest(workflow, importStyle(inAethonRepository, 2), variable),
  };
  const existing = Object.keys(files).filter((file) => existsSync(join(projectRoot, file)));
  if (existing.length > 0) throw new UsageError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written (move ${existing.length === 1 ? 'it' : 'them'} away or choose another name)`);

  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(projectRoot, file)), { recursive: true });
    // 'wx': a file that appeared since the check is refused, never overwritten.
    writeFileSync(join(projectRoot, file), text, { flag: 'wx' });
  }
  return { files: Object.keys(files), workflow, serviceVariable: variable, testFile };
}

/** Where a workflow's test goes, relative to the project (this repository's vitest config includes it). */
export function workflowTestFile(workflow: string): string {
  return `test/workflows/${workflow}.test.ts`;
}

/** Aethon's own repository imports its sources by path; any other project imports the package. */
function isAethonRepository(projectRoot: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { name?: unknown }).name === 'aethon';
  } catch {
    return false;
  }
}
