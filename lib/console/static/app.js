/** The console's entry: reads the URL, shows the matching view, follows back/forward. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './lib/html.js';
import { Link } from './lib/link.js';
import { parseRoute } from './lib/route.js';
import { ConfigView } from './views/ConfigView.js';
import { DeadLetters } from './views/DeadLetters.js';
import { ExecutionList } from './views/ExecutionList.js';
import { ExecutionView } from './views/ExecutionView.js';
import { IdempotencyView } from './views/IdempotencyView.js';
import { StartForm } from './views/StartForm.js';
import { TestEvent } from './views/TestEvent.js';

function App() {
  const [url, setUrl] = useState(location.pathname + location.search);
  useEffect(() => {
    const follow = () => setUrl(location.pathname + location.search);
    addEventListener('popstate', follow);
    return () => removeEventListener('popstate', follow);
  }, []);
  const route = parseRoute(url);
  useEffect(() => {
    document.title = route.view === 'execution' ? `${route.name} \u00b7 aethon` : 'aethon console';
  }, [url]);
  return html`
    <header class="top">
      <${Link} class="brand" href="/">aethon<//>
      <nav aria-label="main"><${Link} href="/">Executions<//> <${Link} href="/start">Start<//> <${Link} href="/events">Test event<//> <${Link} href="/dead-letters">Dead letters<//></nav>
    </header>
    <main id="main">${view(route)}</main>
  `;
}

function view(route) {
  switch (route.view) {
    case 'list':
      return html`<${ExecutionList} query=${route.query} />`;
    case 'execution':
      return html`<${ExecutionView} key=${`${route.workflow}/${route.name}`} workflow=${route.workflow} name=${route.name} query=${route.query} />`;
    case 'start':
      return html`<${StartForm} query=${route.query} />`;
    case 'events':
      return html`<${TestEvent} />`;
    case 'config':
      return html`<${ConfigView} workflow=${route.workflow} />`;
    case 'idempotency':
      return html`<${IdempotencyView} key=${route.workflow} workflow=${route.workflow} query=${route.query} />`;
    case 'dead-letters':
      return html`<${DeadLetters} />`;
    default:
      return html`<p class="problem" role="alert">Nothing here: ${route.path}. <${Link} href="/">Back to the executions<//></p>`;
  }
}

render(html`<${App} />`, document.getElementById('app'));
