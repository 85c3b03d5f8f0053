/**
 * Checks of what steps refer to outside the step graph: handler files on disk, declared secrets,
 * the config schema and its defaults, triggers (checkTriggers.ts), and retry/catch ordering rules of ASL.
 */
import { existsSync } from 'node:fs';
import type { Ajv } from 'ajv';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { createConfigAjv } from '../../runtime/config/validateConfig.ts';
import type { Diagnostic, SpecPath } from '../diagnostics.ts';
import { isDuration } from '../duration.ts';
import { isExpression } from '../expressions.ts';
import { handlerOutsideProject, handlerPath, parseHandlerRef } from '../handlerRef.ts';
import { scopesOf } from '../stepGraph.ts';
import { didYouMean } from '../suggest.ts';
import type { CatchSpec, RetrySpec, StepSpec, WorkflowSpec } from '../types.ts';
import { checkConfigPatterns } from './checkConfigPatterns.ts';
import { checkTriggers } from './checkTriggers.ts';

export function checkReferences(spec: WorkflowSpec, projectRoot: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [...checkConfig(spec.config), ...checkTriggers(spec)];
  if (spec.defaults?.retry) diagnostics.push(...checkErrorLists(spec.defaults.retry, ['defaults', 'retry'], 'retry'));
  for (const scope of scopesOf(spec.steps, spec.startAt)) {
    for (const [name, step] of Object.entries(scope.steps)) {
      diagnostics.push(...checkStep(spec, step, [...scope.path, name], projectRoot));
    }
  }
  return diagnostics;
}

function checkStep(spec: WorkflowSpec, step: StepSpec, path: SpecPath, projectRoot: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if ('retry' in step && step.retry) diagnostics.push(...checkErrorLists(step.retry, [...path, 'retry'], 'retry'));
  if ('catch' in step && step.catch) diagnostics.push(...checkErrorLists(step.catch, [...path, 'catch'], 'catch'));
  if (step.type === 'task') {
    diagnostics.push(...checkHandler(step.handler, [...path, 'handler'], projectRoot));
    if (step.compensate) {
      const ref = typeof step.compensate === 'string' ? step.compensate : step.compensate.handler;
      const at = typeof step.compensate === 'string' ? [...path, 'compensate'] : [...path, 'compensate', 'handler'];
      diagnostics.push(...checkHandler(ref, at, projectRoot));
    }
    const declared = Object.keys(spec.secrets ?? {});
    step.secrets?.forEach((secret, i) => {
      if (!declared.includes(secret)) {
        diagnostics.push({
          code: 'unknown-secret',
          severity: 'error',
          message: `secret '${secret}' is not declared under secrets${didYouMean(secret, declared)}`,
          path: [...path, 'secrets', i],
          hint: 'declare it at the top level: secrets: { <name>: <Secrets Manager name> }',
        });
      }
    });
  }
  if (step.type === 'wait') {
    const given = [step.duration, step.timestamp].filter((v) => v !== undefined).length;
    if (given !== 1) {
      diagnostics.push({ code: 'invalid-wait', severity: 'error', message: 'a wait step takes exactly one of duration or timestamp', path });
    } else if (step.duration !== undefined && !isDuration(step.duration) && !isExpression(step.duration)) {
      diagnostics.push({ code: 'invalid-value', severity: 'error', message: `'${step.duration}' is neither a duration (30s, 5m) nor a {% %} expression`, path: [...path, 'duration'] });
    } else if (step.timestamp !== undefined && !isExpression(step.timestamp) && Number.isNaN(Date.parse(step.timestamp))) {
      diagnostics.push({ code: 'invalid-value', severity: 'error', message: `'${step.timestamp}' is neither an ISO 8601 timestamp nor a {% %} expression`, path: [...path, 'timestamp'] });
    }
  }
  return diagnostics;
}

/** The handler file exists and lies inside the project. */
export function checkHandler(ref: string, path: SpecPath, projectRoot: string): Diagnostic[] {
  const outside = handlerOutsideProject(projectRoot, ref);
  if (outside) {
    return [
      {
        code: 'handler-outside-project',
        severity: 'error',
        message: `handler ${outside}; handlers are bundled and run from the project only`,
        path,
        hint: `move the file under the project (${projectRoot}), e.g. into functions/, and write its path relative to the project root`,
      },
    ];
  }
  if (existsSync(handlerPath(projectRoot, ref))) return [];
  return [
    {
      code: 'missing-handler',
      severity: 'error',
      message: `handler file '${parseHandlerRef(ref).file}' does not exist`,
      path,
      hint: `paths are relative to the project root (${projectRoot})`,
    },
  ];
}

/** ASL: States.ALL must stand alone, in the last retrier or catcher. */
function checkErrorLists(entries: readonly (RetrySpec | CatchSpec)[], path: SpecPath, what: 'retry' | 'catch'): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  entries.forEach((entry, i) => {
    if (!entry.errors.includes(StatesErrors.ALL)) return;
    if (entry.errors.length > 1 || i !== entries.length - 1) {
      diagnostics.push({
        code: `invalid-${what}`,
        severity: 'error',
        message: `States.ALL must be the only error of the last ${what} entry`,
        path: [...path, i, 'errors'],
        hint: `move it to its own entry at the end of ${what}`,
      });
    }
  });
  return diagnostics;
}

/** The config schema compiles and the defaults satisfy it. */
export function checkConfig(config: WorkflowSpec['config']): Diagnostic[] {
  if (!config) return [];
  const spec = { config };
  // A pattern RE2 refuses would make Ajv throw without saying where; report each one at its line.
  const patterns = checkConfigPatterns(config.schema);
  if (patterns.length > 0) return patterns;
  const schemaProblems = configSchemaProblems(config.schema);
  if (schemaProblems.length > 0) return schemaProblems;
  let validate;
  try {
    validate = compileConfigSchema(spec.config.schema);
  } catch (error) {
    return [{ code: 'invalid-config-schema', severity: 'error', message: `config.schema is not a valid JSON Schema: ${(error as Error).message}`, path: ['config', 'schema'] }];
  }
  if (validate(spec.config.defaults)) return [];
  return (validate.errors ?? []).map((error) => {
    const pointer = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    // A missing or an extra key is reported by Ajv at its parent: name the key itself.
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const key = params.missingProperty ?? params.additionalProperty;
    const keyPath = key === undefined ? pointer : [...pointer, key];
    const what = error.keyword === 'required' ? 'is required by config.schema' : error.keyword === 'additionalProperties' ? 'is not allowed by config.schema' : (error.message ?? 'is invalid');
    return {
      code: 'invalid-config-defaults',
      severity: 'error' as const,
      message: `config.defaults${keyPath.map((p) => `.${p}`).join('')} ${what} (JSON pointer /${keyPath.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')})`,
      // An extra key is located at itself; a missing one at the object that lacks it.
      path: ['config', 'defaults', ...(params.additionalProperty === undefined ? pointer : keyPath)],
      hint: 'the defaults must satisfy config.schema; they become the first deployed configuration',
    };
  });
}

const pointerParts = (pointer: string) => pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Where config.schema breaks the JSON Schema meta-schema, one problem per key, located at it. */
function configSchemaProblems(schema: Record<string, unknown>): Diagnostic[] {
  if (ajv.validateSchema(schema) === true) return [];
  const byPointer = new Map<string, string>();
  for (const error of ajv.errors ?? []) if (!byPointer.has(error.instancePath)) byPointer.set(error.instancePath, error.message ?? 'is invalid');
  return [...byPointer].map(([pointer, message]) => {
    const parts = pointerParts(pointer);
    return {
      code: 'invalid-config-schema',
      severity: 'error' as const,
      message: `config.schema${parts.map((p) => `.${p}`).join('')} ${message} (JSON pointer ${pointer || '/'}): config.schema is not a valid JSON Schema`,
      path: ['config', 'schema', ...parts],
    };
  });
}

// Compiling a JSON Schema costs milliseconds; the same schema is validated again and again
// (every `aethon validate`, every test), so compiled validators are kept. The Ajv is the one
// handlers validate config with, so a schema behaves the same at validate time and at run time.
const ajv = createConfigAjv();
const compiled = new Map<string, ReturnType<Ajv['compile']>>();
function compileConfigSchema(schema: Record<string, unknown>): ReturnType<Ajv['compile']> {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, validate);
  }
  return validate;
}
