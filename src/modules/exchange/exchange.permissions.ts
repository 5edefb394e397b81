/** Permissions the exchange checks; BUILTIN_ROLES (org module) gives them to roles. */
export const ExchangePermissions = {
  /** Request a catalog resource for one's own organisation; see one's organisation's grants. */
  request: 'exchange.request',
  /** Decide requests for and revoke grants of one's own organisation's resources; see their usage. */
  approve: 'exchange.approve',
  /** API key scope: call the gateway under the organisation's grants. */
  call: 'exchange.call',
} as const;
