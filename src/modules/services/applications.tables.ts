import type { ColumnType, Generated } from 'kysely';
import type { ApplicantKind, ApplicationStatus, DeadlineState, MaterialSource, ParallelReview, ResultValue, Rule, RuleTrace, Step } from './applications.model.js';

/** jsonb columns are written as JSON text and read back as values. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;
/** Dates travel as `YYYY-MM-DD` (read through to_char). */
type Day = ColumnType<string | null, string | null, string | null>;

export interface Correction {
  reason: string;
  /** Names of the materials to correct (may be empty: the form, or a general request). */
  materials: string[];
  step: Step;
  requestedAt: string;
  requestedBy: string;
}

export interface ApplicationTables {
  services_applicant: {
    id: Generated<string>;
    user_id: string | null;
    kind: ApplicantKind;
    name: string;
    code_enc: Buffer;
    code_index: Buffer;
    code_masked: string;
    representative_name: string | null;
    division_code: string;
    verified_at: Generated<Date>;
    created_at: Generated<Date>;
  };
  services_item_procedure: {
    item_id: string;
    result_license_type_code: string | null;
    result_data: Json<Record<string, ResultValue>>;
    parallel_reviews: Json<ParallelReview[]>;
    step_roles: Json<Record<Step, string[]>>;
    waived_materials: Json<Array<{ name: string; reason: string }>>;
    instant_rules: NullableJson<Rule[]>;
    version: Generated<number>;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  services_application: {
    id: Generated<string>;
    number: string;
    item_id: string;
    item_version: number;
    item_code: string;
    item_name: string;
    org_id: string;
    org_name: string;
    org_division_code: string;
    applicant_id: string;
    applicant_kind: ApplicantKind;
    applicant_name: string;
    applicant_code_masked: string;
    form: Json<Record<string, unknown>>;
    procedure: Json<unknown>;
    status: ApplicationStatus;
    current_roles: string[];
    resume_status: ApplicationStatus | null;
    correction: NullableJson<Correction>;
    instant: 'approved' | 'refused' | null;
    instant_trace: NullableJson<RuleTrace[]>;
    limit_days: number;
    accepted_on: Day;
    clock_started_on: Day;
    remaining_days: number | null;
    due_on: Day;
    suspended_on: Day;
    suspended_days: Generated<number>;
    unpublished_years: Generated<number[]>;
    deadline_state: Generated<DeadlineState>;
    decision: 'approved' | 'rejected' | null;
    decision_step: Step | null;
    decision_reason: string | null;
    license_id: string | null;
    license_identifier: string | null;
    finished_on: Day;
    on_time: boolean | null;
    /** The bundle application (一件事) this application is a child of. */
    bundle_application_id: Generated<string | null>;
    version: Generated<number>;
    submitted_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  services_file: {
    id: Generated<string>;
    applicant_id: string;
    sm3: string;
    size: number;
    content_type: string;
    original_name: string;
    storage_key: string;
    created_at: Generated<Date>;
  };
  services_application_material: {
    id: Generated<string>;
    application_id: string;
    name: string;
    source: MaterialSource;
    file_id: string | null;
    license_id: string | null;
    license_identifier: string | null;
    license_name: string | null;
    license_number: string | null;
    note: string | null;
    attached_at: Generated<Date>;
  };
  services_application_review: {
    application_id: string;
    org_id: string;
    org_code: string;
    org_name: string;
    lead: boolean;
    roles: string[];
    status: Generated<'pending' | 'done'>;
    opinion: 'agree' | 'disagree' | null;
    comment: string | null;
    actor: string | null;
    done_at: Date | null;
  };
  services_application_log: {
    id: Generated<string>;
    application_id: string;
    action: string;
    step: Step | null;
    from_status: ApplicationStatus | null;
    to_status: ApplicationStatus;
    actor: string | null;
    org_name: string | null;
    comment: string | null;
    details: NullableJson<Record<string, unknown>>;
    at: Generated<Date>;
  };
  services_message: {
    id: Generated<string>;
    applicant_id: string;
    application_id: string | null;
    kind: string;
    title: string;
    body: string;
    created_at: Generated<Date>;
    read_at: Date | null;
  };
}
