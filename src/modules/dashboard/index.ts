import type { ModuleRoutes } from '../../kernel/http/index.js';
import { homeRoutes, type HomeSources } from './home.routes.js';

export type { HomeSources } from './home.routes.js';


/** Read models for the console's home page and, later, the command-centre screen. */
export function createDashboardModule(sources: HomeSources): ModuleRoutes {
  return { name: 'dashboard', routes: homeRoutes(sources) };
}
