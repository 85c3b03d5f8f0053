#!/usr/bin/env node
// Node 20 cannot load TypeScript by itself: register tsx, then hand over to bin/aethon.ts.
import { register } from 'tsx/esm/api';

// The AWS SDK warns about Node 20 on every client; the warning is not actionable for a user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./aethon.ts');
