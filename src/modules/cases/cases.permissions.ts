/** Permissions the cases module checks; BUILTIN_ROLES (org module) gives them to roles. */
export const CasesPermissions = {
  /** See the cases of one's region (reporter phones masked) and their timelines. */
  read: 'cases.read',
  /** Record a case: hotline operator entry, grid worker report. */
  intake: 'cases.intake',
  /** Dispatch, call back, close and reopen cases of one's region; the dispatcher queue. */
  dispatch: 'cases.dispatch',
  /** Sign, handle, reply to and return the cases dispatched to one's own organisation. */
  handle: 'cases.handle',
  /** See reporters' phone numbers unmasked. */
  reporterRead: 'cases.reporter.read',
  /** Edit the responsibility list (权责清单). */
  responsibilityManage: 'cases.responsibility.manage',
} as const;
