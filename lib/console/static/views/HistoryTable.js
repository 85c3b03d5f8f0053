/** The execution's events with the AWS event names, as GetExecutionHistory returns them. */
import { formatDuration } from '../lib/format.js';
import { html } from '../lib/html.js';
import { detailsOf, toMillis } from '../lib/outcomes.js';

export function HistoryTable({ events, onSelect }) {
  const start = events.length > 0 ? toMillis(events[0].timestamp) : 0;
  return html`
    <table class="history">
      <caption>Event history (${events.length} events)</caption>
      <thead><tr><th>ID</th><th>Type</th><th>State</th><th>Since start</th><th>Details</th></tr></thead>
      <tbody>
        ${events.map((event) => {
          const details = detailsOf(event);
          const summary = details.error !== undefined ? `${details.error}: ${details.cause ?? ''}` : JSON.stringify(details);
          return html`<tr class=${event.type.endsWith('Failed') || event.type.endsWith('TimedOut') ? 'event-failed' : ''}>
            <td>${event.id}</td>
            <td>${event.type}</td>
            <td>${details.name ? html`<button type="button" class="link" onClick=${() => onSelect(details.name)}>${details.name}</button>` : ''}</td>
            <td>${formatDuration(toMillis(event.timestamp) - start)}</td>
            <td class="mono details">${summary.length > 160 ? summary.slice(0, 159) + '\u2026' : summary}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  `;
}
