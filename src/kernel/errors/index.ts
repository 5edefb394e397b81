export { AppError, defineError, definedErrors, type ErrorDefinition } from './errors.js';
export * from './kernel.errors.js';
