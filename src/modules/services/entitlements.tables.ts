import type { ColumnType, Generated } from 'kysely';
import type { ApplicantKind, Rule, RuleTrace } from './applications.model.js';

type Json<T> = ColumnType<T, string, string>;

export type PolicyPeriod = 'once' | 'year' | 'month';

export interface EntitlementTables {
  services_policy: {
    id: Generated<string>;
    code: string;
    name: string;
    summary: string;
    org_id: string;
    org_name: string;
    org_division_code: string;
    subject_kind: ApplicantKind;
    rules: Json<Rule[]>;
    period: PolicyPeriod;
    benefit: string;
    active: Generated<boolean>;
    updated_at: Generated<Date>;
  };
  services_policy_run: {
    id: Generated<string>;
    policy_id: string;
    period: string;
    trigger: 'schedule' | 'manual';
    actor: string;
    checked: Generated<number>;
    eligible: Generated<number>;
    created: Generated<number>;
    existing: Generated<number>;
    notified: Generated<number>;
    started_at: Generated<Date>;
    finished_at: Date | null;
  };
  services_entitlement: {
    id: Generated<string>;
    policy_id: string;
    period: string;
    subject_kind: ApplicantKind;
    subject_enc: Buffer;
    subject_index: Buffer;
    subject_masked: string;
    subject_name: string;
    division_code: string;
    applicant_id: string | null;
    run_id: string;
    trace: Json<RuleTrace[]>;
    created_at: Generated<Date>;
  };
}
