/** Permissions the licenses module checks; BUILTIN_ROLES (org module) gives them to roles. */
export const LicensesPermissions = {
  /** Search licenses of one's region, see their details, download signed documents. */
  read: 'licenses.read',
  /** Issue a license directly (the services module issues on approval; this is for staff and tests). */
  issue: 'licenses.issue',
  /** Revoke (注销) a license of one's region. */
  revoke: 'licenses.revoke',
  /** Record a license presented from another city after verifying it (互认). */
  import: 'licenses.import',
  /** Add and revoke other cities' trusted signing keys. */
  trust: 'licenses.trust',
} as const;
