-- Sharing & exchange (共享交换): access requests, the grants they issue, every gateway call
-- and daily metering per grant. Catalog resources and organisations are referred to by id
-- only (other modules' tables are never joined); names are kept as snapshots.
create table exchange_request (
  id uuid primary key default gen_random_uuid(),
  resource_id uuid not null,
  resource_code text not null,
  resource_name text not null,
  owner_org_id uuid not null,
  owner_org_name text not null,
  consumer_org_id uuid not null,
  consumer_org_name text not null,
  consumer_division text not null check (consumer_division ~ '^[0-9]{6}([0-9]{3})?$'),
  requested_by uuid not null,
  purpose text not null check (length(purpose) between 1 and 2000),
  fields text[] not null check (cardinality(fields) > 0),
  valid_from date not null,
  valid_to date not null,
  rate_per_minute integer not null check (rate_per_minute between 1 and 100000),
  clear_text boolean not null default false,
  clear_text_reason text,
  status text not null default 'pending' check (status in ('pending', 'approved', 'narrowed', 'rejected', 'withdrawn')),
  decided_by uuid,
  decided_at timestamptz,
  decision_reason text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (valid_to >= valid_from),
  check (not clear_text or clear_text_reason is not null)
);
create index exchange_request_owner_idx on exchange_request (owner_org_id, status, created_at desc);
create index exchange_request_consumer_idx on exchange_request (consumer_org_id, created_at desc);

-- What the owner granted: possibly narrower than the request. `region_prefix` is the LIKE
-- prefix of the consumer's division: subjects registered outside it are refused.
create table exchange_grant (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null unique references exchange_request (id),
  resource_id uuid not null,
  resource_code text not null,
  resource_name text not null,
  owner_org_id uuid not null,
  consumer_org_id uuid not null,
  consumer_org_name text not null,
  region_prefix text not null,
  purpose text not null,
  fields text[] not null check (cardinality(fields) > 0),
  valid_from date not null,
  valid_to date not null,
  rate_per_minute integer not null check (rate_per_minute > 0),
  clear_text boolean not null,
  status text not null default 'active' check (status in ('active', 'expired', 'revoked')),
  revoked_by uuid,
  revoked_at timestamptz,
  revoke_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'revoked') = (revoked_at is not null))
);
create index exchange_grant_consumer_idx on exchange_grant (consumer_org_id, resource_id, created_at desc);
create index exchange_grant_owner_idx on exchange_grant (owner_org_id, resource_id);

-- Every gateway call, allowed or refused. The subject is kept only as an HMAC-SM3 of its
-- identifier. Time-ordered: at PostgreSQL scale this table is a candidate for range
-- partitioning by `at` (DESIGN.md), hence no foreign keys.
create table exchange_call (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  consumer_org_id uuid,
  api_key_id uuid,
  resource_id uuid,
  grant_id uuid,
  operation text not null,
  subject_hash text,
  subjects integer not null default 0,
  fields text[] not null default '{}',
  purpose text,
  case_id text,
  result text not null,
  status integer not null,
  latency_ms real not null
);
create index exchange_call_grant_idx on exchange_call (grant_id, at);
create index exchange_call_at_idx on exchange_call (at);

create table exchange_usage_daily (
  grant_id uuid not null references exchange_grant (id),
  day date not null,
  calls integer not null default 0,
  refused integer not null default 0,
  primary key (grant_id, day)
);
