/**
 * Permissions the grid module checks. Reading the grid map needs `cases.read`: the map is part
 * of the event centre, and every role that sees cases (dispatcher, handler, grid worker,
 * leader) already has it. Assigning grid workers needs `grid.manage` (platform
 * administrators through `*`; BUILTIN_ROLES in the org module can give it to others).
 */
export const GridPermissions = {
  read: 'cases.read',
  manage: 'grid.manage',
} as const;
