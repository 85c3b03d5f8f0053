/** The local console served by `aethon dev`: mount createConsoleRequestHandler in the server's router. */
export { createConsoleRequestHandler, type ConsoleRequestHandler } from './consoleRequestHandler.ts';
export type { ConsoleHandles, HandlerLogLine } from './api/handles.ts';
export { crossSiteRefusal } from './sameOrigin.ts';
export { consoleAssets, ASSET_PREFIX } from './staticAssets.ts';
