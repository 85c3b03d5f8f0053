/** `aethon dev`: the durable local control plane that speaks the Step Functions API. */
export { startDevServer, type DevRoute, type DevServer, type DevServerOptions } from './server.ts';
export { DevControlPlane, type ControlPlaneOptions } from './DevControlPlane.ts';
export { DevServerStartError } from './errors.ts';
export { accessPolicyFor, checkAccess, isLoopback, presentedToken, type AccessDenied, type AccessPolicy } from './security.ts';
export { DevApiError, sendJson, sendError, readJsonBody } from './protocol.ts';
