// Worker entry, in plain JavaScript because Node 20 cannot load TypeScript by itself: register
// tsx for this thread (ESM and CommonJS), then load the typed runtime and the user's handler.
import { register } from 'tsx/esm/api';
import { register as registerCommonJs } from 'tsx/cjs/api';

register();
registerCommonJs();
await import('./runtime.ts');
