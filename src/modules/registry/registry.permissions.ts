/** Permissions the registry checks; BUILTIN_ROLES (org module) gives them to roles. */
export const RegistryPermissions = {
  /** Masked lookups of persons and entities, counts and import history in the console. */
  read: 'registry.read',
} as const;
