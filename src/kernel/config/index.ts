export { loadConfig, ConfigError, ConfigSchema, type Config } from './config.js';
