/**
 * A Mermaid flowchart of a compiled definition, compensation included, so what is drawn is what
 * runs. Map and Parallel states become subgraphs.
 */
import type { AslDefinition, AslState } from './asl.ts';

export function toMermaid(definition: AslDefinition): string {
  const lines = ['flowchart TD', '  start((start)) --> ' + nodeId(definition.StartAt)];
  renderStates(definition.States, lines, '  ');
  return lines.join('\n') + '\n';
}

function renderStates(states: Record<string, AslState>, lines: string[], indent: string): void {
  for (const [name, state] of Object.entries(states)) {
    const id = nodeId(name);
    const nested = nestedScopes(state);
    if (nested.length > 0) {
      lines.push(`${indent}subgraph ${id} [${label(`${name} (${state.Type})`)}]`);
      nested.forEach((scope, i) => {
        lines.push(`${indent}  ${id}_start${i}(( )) --> ${nodeId(scope.StartAt)}`);
        renderStates(scope.States, lines, indent + '  ');
      });
      lines.push(`${indent}end`);
    } else {
      lines.push(`${indent}${id}${shape(name, state)}`);
    }
    for (const edge of edgesOf(state)) lines.push(`${indent}${id} ${edge}`);
  }
}

function nestedScopes(state: AslState): { StartAt: string; States: Record<string, AslState> }[] {
  if (state.Type === 'Parallel') return state.Branches as { StartAt: string; States: Record<string, AslState> }[];
  if (state.Type === 'Map') return [state.ItemProcessor as { StartAt: string; States: Record<string, AslState> }];
  return [];
}

function edgesOf(state: AslState): string[] {
  const edges: string[] = [];
  if (typeof state.Next === 'string') edges.push(`--> ${nodeId(state.Next)}`);
  if (state.End === true || state.Type === 'Succeed') edges.push('--> finish((end))');
  if (state.Type === 'Fail') edges.push('--> failed((failed))');
  for (const choice of (state.Choices as { Condition?: string; Next: string }[] | undefined) ?? []) {
    edges.push(`-->|${label(shorten(choice.Condition ?? 'rule'))}| ${nodeId(choice.Next)}`);
  }
  if (typeof state.Default === 'string') edges.push(`-->|default| ${nodeId(state.Default)}`);
  for (const catcher of (state.Catch as { ErrorEquals: string[]; Next: string }[] | undefined) ?? []) {
    edges.push(`-.->|${label(catcher.ErrorEquals.join(', '))}| ${nodeId(catcher.Next)}`);
  }
  return edges;
}

function shape(name: string, state: AslState): string {
  const text = label(name);
  switch (state.Type) {
    case 'Choice':
      return `{${text}}`;
    case 'Succeed':
    case 'Fail':
      return `([${text}])`;
    case 'Wait':
      return `[/${text}/]`;
    default:
      return `[${text}]`;
  }
}

function nodeId(name: string): string {
  return 's_' + name.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
}

/** Mermaid needs quotes around labels with punctuation, and #quot; for quotes inside them. */
function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

function shorten(condition: string): string {
  const body = condition.replace(/^\{%\s*|\s*%\}$/g, '');
  return body.length > 40 ? body.slice(0, 37) + '...' : body;
}
