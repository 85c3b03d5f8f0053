import { JSONATA_IO } from './io/jsonataIo.ts';
import { JSONPATH_IO } from './io/jsonPathIo.ts';
import type { StateIo } from './io/StateIo.ts';
import { STATE_HANDLERS } from './states/index.ts';
import type { QueryLanguage, StateDefinition, StateHandler, StatesGraph } from './types.ts';

/** A state with what running it needs, resolved once per graph and query language. */
export interface PreparedState {
  readonly definition: StateDefinition;
  /** `undefined` for an unknown `Type` (reported when the state is reached). */
  readonly handler: StateHandler | undefined;
  /** How the state reads and shapes its data, in its own query language. */
  readonly io: StateIo;
}

const IO: Readonly<Record<QueryLanguage, StateIo>> = { JSONPath: JSONPATH_IO, JSONata: JSONATA_IO };

/** The query language of one state: its own `QueryLanguage`, else its graph's. */
export function stateQueryLanguage(state: StateDefinition, fallback: QueryLanguage): QueryLanguage {
  const own = state.QueryLanguage;
  return own === 'JSONata' || own === 'JSONPath' ? own : fallback;
}

// Definitions are run again and again (every iteration of a Map runs the same graph): prepare each once.
const prepared = new WeakMap<StatesGraph, Partial<Record<QueryLanguage, ReadonlyMap<string, PreparedState>>>>();

/** The states of a graph (machine, Parallel branch, Map ItemProcessor) prepared for `language`. */
export function prepareGraph(graph: StatesGraph, language: QueryLanguage): ReadonlyMap<string, PreparedState> {
  let byLanguage = prepared.get(graph);
  if (byLanguage === undefined) prepared.set(graph, (byLanguage = {}));
  let states = byLanguage[language];
  if (states === undefined) {
    const map = new Map<string, PreparedState>();
    for (const [name, definition] of Object.entries(graph.States)) {
      const handler = Object.prototype.hasOwnProperty.call(STATE_HANDLERS, definition.Type) ? STATE_HANDLERS[definition.Type] : undefined;
      map.set(name, { definition, handler, io: IO[stateQueryLanguage(definition, language)] });
    }
    byLanguage[language] = states = map;
  }
  return states;
}
