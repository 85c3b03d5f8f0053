/**
 * One scope of the state machine as SVG, laid out by dagre. Every state is a focusable button
 * (Enter or Space selects it), coloured by its outcome; Map and Parallel states offer a drill-down.
 */
import { END, START, layoutScope } from '../lib/graphLayout.js';
import { html } from '../lib/html.js';

const OUTCOME_LABEL = {
  succeeded: 'succeeded',
  failed: 'failed',
  caught: 'caught',
  retried: 'retried',
  compensated: 'compensated',
  running: 'running',
  aborted: 'aborted',
  'not-reached': 'not reached',
};

export function StateGraph({ scope, outcomes, selected, onSelect }) {
  const layout = layoutScope(scope);
  const outcomeOf = (name) => (name === START || name === END ? 'terminal' : (outcomes.get(name)?.outcome ?? 'not-reached'));
  const select = (name) => name !== START && name !== END && onSelect(name);
  return html`
    <svg class="graph" viewBox=${`0 0 ${layout.width} ${layout.height}`} width=${layout.width} height=${layout.height} role="group" aria-label="state machine graph">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
        </marker>
      </defs>
      ${layout.edges.map(
        (edge) => html`<g class=${`edge ${edge.label.startsWith('catch') ? 'edge-catch' : ''}`}>
          <polyline points=${edge.points.map((point) => `${point.x},${point.y}`).join(' ')} marker-end="url(#arrow)" />
          ${edge.label && html`<text x=${edge.points[Math.floor(edge.points.length / 2)].x + 4} y=${edge.points[Math.floor(edge.points.length / 2)].y} class="edge-label">${edge.label.length > 28 ? edge.label.slice(0, 27) + '\u2026' : edge.label}</text>`}
        </g>`,
      )}
      ${layout.nodes.map((node) => {
        const outcome = outcomeOf(node.name);
        const terminal = outcome === 'terminal';
        return html`<g
          class=${`node outcome-${outcome} ${selected === node.name ? 'selected' : ''}`}
          data-state=${terminal ? undefined : node.name}
          data-outcome=${outcome}
          transform=${`translate(${node.x - node.width / 2}, ${node.y - node.height / 2})`}
          tabindex=${terminal ? undefined : 0}
          role=${terminal ? undefined : 'button'}
          aria-pressed=${terminal ? undefined : String(selected === node.name)}
          aria-label=${terminal ? undefined : `${node.name}, ${node.type} state, ${OUTCOME_LABEL[outcome]}`}
          onClick=${() => select(node.name)}
          onKeyDown=${(event) => (event.key === 'Enter' || event.key === ' ') && (event.preventDefault(), select(node.name))}
        >
          <rect width=${node.width} height=${node.height} rx=${terminal ? 17 : 6} />
          <text x=${node.width / 2} y=${node.height / 2 + 4} text-anchor="middle">${node.name}</text>
          ${!terminal && html`<title>${node.type}: ${OUTCOME_LABEL[outcome]}</title>`}
        </g>`;
      })}
    </svg>
  `;
}

export function Legend() {
  return html`<ul class="legend" aria-label="colours">
    ${Object.entries(OUTCOME_LABEL).map(([outcome, label]) => html`<li><span class=${`swatch outcome-${outcome}`}></span>${label}</li>`)}
  </ul>`;
}
