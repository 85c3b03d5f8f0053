/** An error and its cause: the Lambda-style cause's message first, its stack trace folded away. */
import { prettyJson } from '../lib/format.js';
import { html } from '../lib/html.js';

function parsedCause(cause) {
  try {
    const parsed = JSON.parse(cause);
    return parsed && typeof parsed === 'object' && typeof parsed.errorMessage === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function ErrorBox({ error, cause, label, testid }) {
  const lambda = typeof cause === 'string' ? parsedCause(cause) : undefined;
  return html`<div class="error-box" role="region" aria-label=${label}>
    <p><strong data-testid=${testid ? `${testid}-error` : undefined}>${error}</strong></p>
    ${lambda
      ? html`<p class="cause-message" data-testid=${testid ? `${testid}-cause` : undefined}>${lambda.errorMessage}</p>
          ${Array.isArray(lambda.trace) && lambda.trace.length > 0 && html`<details><summary>Stack trace</summary><pre>${lambda.trace.join('\n')}</pre></details>`}`
      : html`<pre data-testid=${testid ? `${testid}-cause` : undefined}>${prettyJson(cause)}</pre>`}
  </div>`;
}
