/**
 * Dead letters live in each deployed stage's SQS queue (events a trigger could not start an
 * execution from); `aethon dev` has no queue. Locally such an event is refused when it is sent
 * (the test event page shows why before sending), so there is nothing to list or replay here.
 */
import { html } from '../lib/html.js';
import { Link } from '../lib/link.js';

export function DeadLetters() {
  return html`
    <section aria-labelledby="dead-letters-title">
      <h1 id="dead-letters-title">Dead letters</h1>
      <p class="note" role="note" data-testid="dead-letters-note">Dead letters exist on AWS only: each deployed stage keeps the events its triggers could not start an execution from in an SQS queue. <code>aethon dev</code> has no such queue.</p>
      <p>On a stage: <code>aethon dead-letters --stage prod</code> lists them (without deleting), <code>aethon dead-letters replay --id &lt;message id&gt; --stage prod --dry-run</code> shows what a replay would start.</p>
      <p>Locally, an event that a trigger cannot start from is refused when it is sent: <${Link} href="/events">Test event<//> shows which triggers match and why one would not start, before sending.</p>
    </section>
  `;
}
