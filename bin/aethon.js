#!/usr/bin/env node
// Node 20 cannot load TypeScript by itself: register tsx, then hand over to bin/aethon.ts.
import { register } from 'tsx/esm/api';

register();
await import('./aethon.ts');
