/**
 * Local libSQL HTTP server (Hrana 2 over HTTP) owning the embedded database file, so the edge
 * (workerd/Miniflare) and the session host share one database through `@libsql/client` in HTTP
 * mode. See README.md in this folder.
 */
export { startLibsqlHttpServer } from './server.js';
export type { LibsqlHttpServer, LibsqlHttpServerOptions } from './server.js';
