/**
 * Lays out one scope of an ASL definition (the top level, a Parallel branch, a Map's item
 * processor) with dagre: nodes for the states plus start and end, edges for Next, Default,
 * Choices and Catch. The page renders the result as SVG; the tests read it directly.
 */
import dagre from '@dagrejs/dagre';

export const START = '\u25b6 start';
export const END = '\u25a0 end';

/** The scopes nested in a state: [{ label, scope }] for each Parallel branch or the Map's processor. */
export function innerScopes(state) {
  if (!state) return [];
  if (state.Type === 'Parallel') return (state.Branches ?? []).map((scope, index) => ({ label: `branch ${index + 1}`, scope }));
  if (state.Type === 'Map') {
    const scope = state.ItemProcessor ?? state.Iterator;
    return scope ? [{ label: 'item processor', scope }] : [];
  }
  return [];
}

/** Follows a drill-down path (`[[stateName, branchIndex], ...]`) from the top-level definition. */
export function scopeAt(definition, path) {
  let scope = definition;
  for (const [name, index] of path) {
    const inner = innerScopes(scope?.States?.[name])[index];
    if (!inner) return undefined;
    scope = inner.scope;
  }
  return scope;
}

/** Transitions out of a state: [{ to, label }]. */
export function transitionsOf(state) {
  const out = [];
  if (state.Next) out.push({ to: state.Next, label: '' });
  for (const choice of state.Choices ?? []) if (choice.Next) out.push({ to: choice.Next, label: 'when' });
  if (state.Default) out.push({ to: state.Default, label: 'default' });
  for (const handler of state.Catch ?? []) if (handler.Next) out.push({ to: handler.Next, label: `catch ${(handler.ErrorEquals ?? []).join(', ')}` });
  if (state.End || state.Type === 'Succeed' || state.Type === 'Fail') out.push({ to: END, label: '' });
  return out;
}

const CHAR_WIDTH = 7.2;

/** `{ width, height, nodes: [{ name, type, x, y, width, height }], edges: [{ from, to, label, points }] }` */
export function layoutScope(scope) {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 36, marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  const states = scope?.States ?? {};
  const sizeOf = (label) => ({ width: Math.max(90, Math.round(label.length * CHAR_WIDTH) + 28), height: 34 });
  graph.setNode(START, { name: START, type: 'Start', ...sizeOf(START) });
  graph.setNode(END, { name: END, type: 'End', ...sizeOf(END) });
  for (const [name, state] of Object.entries(states)) graph.setNode(name, { name, type: state.Type, ...sizeOf(name) });
  if (scope?.StartAt) graph.setEdge(START, scope.StartAt, { label: '' }, 'start');
  Object.entries(states).forEach(([name, state]) => {
    transitionsOf(state).forEach((transition, index) => {
      if (graph.hasNode(transition.to)) graph.setEdge(name, transition.to, { label: transition.label }, `${name}#${index}`);
    });
  });
  dagre.layout(graph);
  const nodes = graph.nodes().map((id) => {
    const node = graph.node(id);
    return { name: node.name, type: node.type, x: node.x, y: node.y, width: node.width, height: node.height };
  });
  const edges = graph.edges().map((edge) => ({ from: edge.v, to: edge.w, label: graph.edge(edge).label, points: graph.edge(edge).points }));
  const size = graph.graph();
  return { width: size.width ?? 0, height: size.height ?? 0, nodes, edges };
}
