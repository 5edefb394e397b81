import type { Generated } from 'kysely';

export type RequestStatus = 'pending' | 'approved' | 'narrowed' | 'rejected' | 'withdrawn';
export type GrantStatus = 'active' | 'expired' | 'revoked';

export interface ExchangeTables {
  exchange_request: {
    id: Generated<string>;
    resource_id: string;
    resource_code: string;
    resource_name: string;
    owner_org_id: string;
    owner_org_name: string;
    consumer_org_id: string;
    consumer_org_name: string;
    consumer_division: string;
    requested_by: string;
    purpose: string;
    fields: string[];
    valid_from: string;
    valid_to: string;
    rate_per_minute: number;
    clear_text: boolean;
    clear_text_reason: string | null;
    status: Generated<RequestStatus>;
    decided_by: string | null;
    decided_at: Date | null;
    decision_reason: string | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  exchange_grant: {
    id: Generated<string>;
    request_id: string;
    resource_id: string;
    resource_code: string;
    resource_name: string;
    owner_org_id: string;
    consumer_org_id: string;
    consumer_org_name: string;
    region_prefix: string;
    purpose: string;
    fields: string[];
    valid_from: string;
    valid_to: string;
    rate_per_minute: number;
    clear_text: boolean;
    status: Generated<GrantStatus>;
    revoked_by: string | null;
    revoked_at: Date | null;
    revoke_reason: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  exchange_call: {
    id: Generated<string>;
    at: Generated<Date>;
    consumer_org_id: string | null;
    api_key_id: string | null;
    resource_id: string | null;
    grant_id: string | null;
    operation: string;
    subject_hash: string | null;
    subjects: number;
    fields: string[];
    purpose: string | null;
    case_id: string | null;
    result: string;
    status: number;
    latency_ms: number;
  };
  exchange_usage_daily: { grant_id: string; day: string; calls: number; refused: number };
}
