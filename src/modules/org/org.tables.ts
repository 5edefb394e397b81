import type { Generated } from 'kysely';

export interface OrgTables {
  org_division: { code: string; name: string; level: DivisionLevel; parent_code: string | null; kind: string | null };
  org_organisation: {
    id: Generated<string>;
    code: string;
    name: string;
    short_name: string | null;
    kind: OrganisationKind;
    division_code: string;
    parent_id: string | null;
    credit_code: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  org_role: { code: string; name: string; name_en: string; builtin: boolean };
  org_role_permission: { role_code: string; permission: string };
  org_user: {
    id: Generated<string>;
    username: string;
    display_name: string;
    password_hash: string;
    organisation_id: string | null;
    division_code: string;
    locale: Generated<'zh-CN' | 'en-US'>;
    status: Generated<'active' | 'disabled'>;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    last_login_at: Date | null;
    password_changed_at: Generated<Date>;
  };
  org_user_role: { user_id: string; role_code: string };
  org_session: {
    token_hash: string;
    user_id: string;
    created_at: Generated<Date>;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
  };
  org_api_key: {
    id: Generated<string>;
    name: string;
    organisation_id: string;
    prefix: string;
    key_hash: string;
    scopes: string[];
    created_by: string | null;
    created_at: Generated<Date>;
    expires_at: Date | null;
    revoked_at: Date | null;
    last_used_at: Date | null;
  };
  org_login_failure: { id: Generated<number>; subject: string; at: Generated<Date> };
}

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township';
export type OrganisationKind = 'government' | 'department' | 'enterprise' | 'other';
