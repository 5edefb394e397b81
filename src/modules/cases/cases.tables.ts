import type { ColumnType, Generated } from 'kysely';
import type { CaseStatus, CaseType, CategoryKind, Channel, Satisfaction, Urgency, Warning } from './cases.model.js';

type Json<T> = ColumnType<T, string | null, string | null>;
/** Dates travel as `YYYY-MM-DD` (read through to_char). */
type Day = ColumnType<string | null, string | null, string | null>;

export interface CasesTables {
  cases_category: {
    code: string;
    name: string;
    kind: CategoryKind;
    group_name: string;
    iot_types: string[];
    sort: number;
  };
  cases_responsibility: {
    category_code: string;
    org_code: string;
    urgent_hours: number;
    limit_days: number;
    version: Generated<number>;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  cases_case: {
    id: Generated<string>;
    number: string;
    channel: Channel;
    type: CaseType;
    category_code: string | null;
    suggested_category_code: string | null;
    suggestion_confidence: number | null;
    description: string;
    address: string | null;
    lon: number | null;
    lat: number | null;
    division_code: string;
    grid_code: string | null;
    reporter_name: string | null;
    reporter_phone_enc: Buffer | null;
    reporter_phone_index: Buffer | null;
    reporter_phone_masked: string | null;
    urgency: Urgency;
    status: CaseStatus;
    org_id: string | null;
    org_code: string | null;
    org_name: string | null;
    limit_hours: number | null;
    limit_days: number | null;
    deadline_at: Date | null;
    due_on: Day;
    warning: Generated<Warning>;
    satisfaction: Satisfaction | null;
    return_count: Generated<number>;
    reopen_count: Generated<number>;
    source_ref: string | null;
    created_by: string | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    closed_at: Date | null;
  };
  cases_case_event: {
    id: Generated<number>;
    case_id: string;
    action: string;
    from_status: CaseStatus | null;
    to_status: CaseStatus;
    actor: string;
    actor_name: string | null;
    org_name: string | null;
    comment: string | null;
    details: Json<Record<string, unknown> | null>;
    created_at: Generated<Date>;
  };
}
