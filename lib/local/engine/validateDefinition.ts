import { isJsonataExpression, jsonataSyntaxError } from '../jsonata/evaluate.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';

/** One structural problem in a definition, with where it is. */
export interface DefinitionProblem {
  /** Slash path to the offending field, e.g. `/States/Lookup/Next`. */
  readonly path: string;
  readonly message: string;
}

/** The outcome of {@link validateDefinition}: all problems at once, not just the first. */
export interface DefinitionValidation {
  readonly valid: boolean;
  readonly problems: readonly DefinitionProblem[];
}

const STATE_TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const TERMINAL_TYPES = new Set(['Succeed', 'Fail', 'Choice']);
const ERROR_HANDLING_TYPES = new Set(['Task', 'Parallel', 'Map']);
const JSONPATH_ONLY = ['InputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'OutputPath', 'ItemsPath'];
const JSONATA_ONLY = ['Arguments', 'Output', 'Items'];

/**
 * Structural check of an ASL definition before running it: `States` exists, `StartAt` names a
 * state, every `Next` / `Default` / Catch `Next` names a state of the same graph, `Type` is
 * known, and non-terminal states have `Next` or `End`. Recurses into Parallel branches and Map
 * processors. Each message names the state.
 * @example
 * const { valid, problems } = validateDefinition(JSON.parse(text));
 * if (!valid) console.error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
 */
export function validateDefinition(definition: unknown): DefinitionValidation {
  const problems: DefinitionProblem[] = [];
  const language = isObject(definition) && definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  checkGraph(definition, '', problems, language);
  return { valid: problems.length === 0, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkGraph(graph: unknown, at: string, problems: DefinitionProblem[], language: string): void {
  const where = at === '' ? 'The state machine' : `The graph at ${at}`;
  if (!isObject(graph)) {
    problems.push({ path: at || '/', message: `${where} must be a JSON object.` });
    return;
  }
  const states = graph.States;
  if (!isObject(states) || Object.keys(states).length === 0) {
    problems.push({ path: `${at}/States`, message: `${where} has no States object (or it is empty).` });
    return;
  }
  if (typeof graph.StartAt !== 'string') {
    problems.push({ path: `${at}/StartAt`, message: `${where} has no StartAt string.` });
  } else if (!(graph.StartAt in states)) {
    problems.push({ path: `${at}/StartAt`, message: `StartAt names '${graph.StartAt}', which is not a state of ${at || 'the machine'}.` });
  }
  for (const [name, state] of Object.entries(states)) checkState(name, state, states, `${at}/States/${name}`, problems, language);
}

function checkState(
  name: string,
  state: unknown,
  states: Record<string, unknown>,
  at: string,
  problems: DefinitionProblem[],
  language: string,
): void {
  if (!isObject(state)) {
    problems.push({ path: at, message: `State '${name}' must be a JSON object.` });
    return;
  }
  const type = state.Type;
  if (typeof type !== 'string' || !STATE_TYPES.has(type)) {
    problems.push({ path: `${at}/Type`, message: `State '${name}' has unknown Type ${JSON.stringify(type)}.` });
    return;
  }
  if (name.length > 80) problems.push({ path: at, message: `State name '${name.slice(0, 20)}...' is longer than 80 characters.` });
  const target = (field: string, next: unknown, label: string): void => {
    if (typeof next !== 'string') problems.push({ path: field, message: `State '${name}': ${label} must be a state name.` });
    else if (!(next in states)) problems.push({ path: field, message: `State '${name}': ${label} '${next}' is not a state in the same graph.` });
  };
  if (!TERMINAL_TYPES.has(type)) {
    if (state.Next !== undefined) target(`${at}/Next`, state.Next, 'Next');
    else if (state.End !== true) problems.push({ path: at, message: `State '${name}' has neither Next nor End: true.` });
  }
  if (type === 'Choice') {
    const choices = state.Choices;
    if (!Array.isArray(choices) || choices.length === 0) {
      problems.push({ path: `${at}/Choices`, message: `Choice state '${name}' needs a non-empty Choices array.` });
    } else {
      choices.forEach((rule, i) => target(`${at}/Choices/${i}/Next`, isObject(rule) ? rule.Next : undefined, `Choices[${i}].Next`));
    }
    if (state.Default !== undefined) target(`${at}/Default`, state.Default, 'Default');
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((c, i) => target(`${at}/Catch/${i}/Next`, isObject(c) ? c.Next : undefined, `Catch[${i}].Next`));
  }
  if (type === 'Task' && typeof state.Resource !== 'string') {
    problems.push({ path: `${at}/Resource`, message: `Task state '${name}' needs a Resource string.` });
  }
  if (type === 'Parallel') {
    if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
      problems.push({ path: `${at}/Branches`, message: `Parallel state '${name}' needs a non-empty Branches array.` });
    } else {
      state.Branches.forEach((branch, i) => checkGraph(branch, `${at}/Branches/${i}`, problems, language));
    }
  }
  if (type === 'Map') {
    const field = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
    if (state[field] === undefined) problems.push({ path: at, message: `Map state '${name}' needs an ItemProcessor (or Iterator).` });
    else checkGraph(state[field], `${at}/${field}`, problems, language);
  }
  checkErrorHandling(name, type, state, at, problems);
  const own = state.QueryLanguage === 'JSONata' || state.QueryLanguage === 'JSONPath' ? state.QueryLanguage : language;
  checkQueryLanguageFields(name, state, at, problems, own, language);
}

/** Retry / Catch only on Task, Parallel and Map; States.ALL alone and in the last entry. */
function checkErrorHandling(name: string, type: string, state: Record<string, unknown>, at: string, problems: DefinitionProblem[]): void {
  for (const field of ['Retry', 'Catch'] as const) {
    const entries = state[field];
    if (entries === undefined) continue;
    if (!ERROR_HANDLING_TYPES.has(type)) {
      problems.push({ path: `${at}/${field}`, message: `State '${name}': ${type} states do not support ${field}.` });
      continue;
    }
    if (!Array.isArray(entries)) {
      problems.push({ path: `${at}/${field}`, message: `State '${name}': ${field} must be an array.` });
      continue;
    }
    entries.forEach((entry, i) => {
      const errors = isObject(entry) ? entry.ErrorEquals : undefined;
      const where = `${at}/${field}/${i}/ErrorEquals`;
      if (!Array.isArray(errors) || errors.length === 0) {
        problems.push({ path: where, message: `State '${name}': ${field}[${i}].ErrorEquals must be a non-empty array.` });
      } else if (errors.includes(StatesErrors.ALL) && (errors.length > 1 || i !== entries.length - 1)) {
        problems.push({ path: where, message: `State '${name}': States.ALL must appear alone and in the last ${field} entry.` });
      }
    });
  }
}

/**
 * A JSONata state cannot use JSONPath fields (and the other way round), a JSONata machine cannot
 * opt a state back into JSONPath, and every `{% %}` expression must parse.
 */
function checkQueryLanguageFields(
  name: string,
  state: Record<string, unknown>,
  at: string,
  problems: DefinitionProblem[],
  language: string,
  machineLanguage: string,
): void {
  if (machineLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
    problems.push({
      path: `${at}/QueryLanguage`,
      message: `State '${name}' sets QueryLanguage JSONPath inside a JSONata state machine; only JSONPath machines can mix languages.`,
    });
  }
  if (language === 'JSONata') checkExpressions(name, state, at, problems);
  const forbidden = language === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY;
  for (const field of forbidden) {
    if (state[field] !== undefined) {
      problems.push({ path: `${at}/${field}`, message: `State '${name}' uses ${field}, which ${language} states do not support.` });
    }
  }
}

/** Fields holding nested graphs, checked as graphs of their own. */
const NESTED_GRAPHS = new Set(['ItemProcessor', 'Iterator', 'Branches']);

function checkExpressions(name: string, value: unknown, at: string, problems: DefinitionProblem[], top = true): void {
  if (typeof value === 'string') {
    if (!isJsonataExpression(value)) return;
    const error = jsonataSyntaxError(value);
    if (error !== undefined) problems.push({ path: at, message: `State '${name}': the JSONata expression ${value} does not parse: ${error}` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkExpressions(name, item, `${at}/${i}`, problems, false));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (!(top && NESTED_GRAPHS.has(key))) checkExpressions(name, item, `${at}/${key}`, problems, false);
    }
  }
}
