/**
 * Permissions the org module checks. Later modules declare theirs the same way and add
 * them to roles in BUILTIN_ROLES.
 */
export const OrgPermissions = {
  orgRead: 'org.read',
  orgManage: 'org.manage',
  userRead: 'user.read',
  userManage: 'user.manage',
  apiKeyManage: 'apikey.manage',
  auditRead: 'audit.read',
} as const;

export interface BuiltinRole {
  code: string;
  name: string;
  nameEn: string;
  permissions: readonly string[];
}

/** The roles of BLUEPRINT.md's users; `*` grants every permission. */
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { code: 'platform_admin', name: '平台管理员', nameEn: 'Platform administrator', permissions: ['*'] },
  {
    code: 'org_admin',
    name: '单位管理员',
    nameEn: 'Organisation administrator',
    permissions: ['org.read', 'user.read', 'user.manage', 'apikey.manage', 'catalog.read', 'exchange.call', 'services.item.manage', 'iot.read', 'iot.device.manage', 'cases.read', 'cases.intake'],
  },
  { code: 'leader', name: '领导', nameEn: 'Leader', permissions: ['org.read', 'audit.read', 'catalog.read', 'registry.read', 'licenses.read', 'opendata.read', 'iot.read', 'cases.read'] },
  { code: 'data_steward', name: '数据管理员', nameEn: 'Data steward', permissions: ['org.read', 'apikey.manage', 'catalog.read', 'catalog.manage', 'registry.read', 'exchange.request', 'exchange.approve', 'exchange.call', 'opendata.read', 'opendata.manage', 'opendata.conditional.read'] },
  { code: 'case_officer', name: '窗口审批人员', nameEn: 'Case officer', permissions: ['org.read', 'catalog.read', 'registry.read', 'exchange.request', 'licenses.read', 'licenses.issue', 'licenses.revoke', 'licenses.import', 'services.item.manage', 'services.application.handle'] },
  { code: 'dispatcher', name: '派单员', nameEn: 'Dispatcher', permissions: ['org.read', 'catalog.read', 'iot.read', 'cases.read', 'cases.intake', 'cases.dispatch', 'cases.reporter.read'] },
  { code: 'handler', name: '承办人', nameEn: 'Department handler', permissions: ['org.read', 'catalog.read', 'iot.read', 'cases.read', 'cases.handle'] },
  { code: 'grid_worker', name: '网格员', nameEn: 'Grid worker', permissions: ['iot.read', 'cases.read', 'cases.intake'] },
  { code: 'applicant', name: '申请人（群众 / 企业）', nameEn: 'Applicant (citizen / enterprise)', permissions: ['services.apply'] },
  { code: 'auditor', name: '安全审计员', nameEn: 'Security auditor', permissions: ['org.read', 'user.read', 'audit.read', 'catalog.read', 'licenses.read', 'opendata.read', 'iot.read'] },
];
