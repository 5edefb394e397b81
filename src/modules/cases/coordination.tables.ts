import type { Generated } from 'kysely';

/** Tables of duplicates, merges, escalation, 吹哨报到, 督办 and Open311 submissions. */
export interface CoordinationTables {
  cases_open311_request: { token: string; case_id: string; media_url: string | null; api_key_id: string; created_at: Generated<Date> };
  cases_duplicate: { case_id: string; candidate_id: string; distance_m: number; similarity: number; created_at: Generated<Date> };
  cases_merge: { case_id: string; into_case_id: string; merged_by: string; merged_at: Generated<Date> };
  cases_reporter: {
    id: Generated<number>;
    case_id: string;
    from_case_id: string;
    reporter_name: string | null;
    reporter_phone_enc: Buffer | null;
    reporter_phone_masked: string | null;
    informed_reply_at: Date | null;
    informed_close_at: Date | null;
    created_at: Generated<Date>;
  };
  cases_level: { case_id: string; level: string; escalated_by: string; escalated_at: Generated<Date> };
  cases_summon: {
    case_id: string;
    org_id: string;
    org_code: string;
    org_name: string;
    note: string;
    summoned_by: string;
    summoned_at: Generated<Date>;
    reported_by: string | null;
    reported_at: Date | null;
    report_note: string | null;
  };
  cases_supervision: {
    case_id: string;
    note: string;
    due_at: Date | null;
    times: Generated<number>;
    supervised_by: string;
    supervisor_name: string | null;
    supervised_at: Generated<Date>;
  };
}
