export { buildApp, type App, type BuildAppOptions, type ModuleRoutes } from './app.js';
export type { ErrorBody } from './error-handler.js';
export { Nullable } from './schema-types.js';
