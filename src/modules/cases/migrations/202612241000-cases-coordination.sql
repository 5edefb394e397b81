-- Open311 GeoReport v2: requests posted by outside clients (FixMyStreet and the like) with
-- a yiwang API key. The token answers `tokens/{token}`; media_url is kept as given.
create table cases_open311_request (
  token text primary key,
  case_id uuid not null unique references cases_case (id),
  media_url text,
  api_key_id text not null,
  created_at timestamptz not null default now()
);

-- Proposed duplicates found at intake: the new case and an open case of the same category
-- nearby with similar words. The dispatcher merges or ignores them.
create table cases_duplicate (
  case_id uuid not null references cases_case (id),
  candidate_id uuid not null references cases_case (id),
  distance_m double precision not null,
  similarity real not null check (similarity between 0 and 1),
  created_at timestamptz not null default now(),
  primary key (case_id, candidate_id)
);
create index cases_duplicate_candidate on cases_duplicate (candidate_id);

-- A duplicate closed by merging it into its main case: one handling for both.
create table cases_merge (
  case_id uuid primary key references cases_case (id),
  into_case_id uuid not null references cases_case (id),
  merged_by text not null,
  merged_at timestamptz not null default now()
);
create index cases_merge_into on cases_merge (into_case_id);

-- Reporters of merged duplicates attached to the main case; told when it is answered and closed.
create table cases_reporter (
  id bigint generated always as identity primary key,
  case_id uuid not null references cases_case (id),
  from_case_id uuid not null references cases_case (id),
  reporter_name text,
  reporter_phone_enc bytea,
  reporter_phone_masked text,
  informed_reply_at timestamptz,
  informed_close_at timestamptz,
  created_at timestamptz not null default now()
);
create index cases_reporter_case on cases_reporter (case_id);

-- The handling level of an escalated case (网格 → 社区 → 街道 → 区 → 市); without a row the
-- level follows from the channel and the case's division.
create table cases_level (
  case_id uuid primary key references cases_case (id),
  level text not null check (level in ('grid', 'community', 'street', 'district', 'city')),
  escalated_by text not null,
  escalated_at timestamptz not null default now()
);

-- 吹哨报到: departments summoned onto a case by a street, and when they reported (报到).
create table cases_summon (
  case_id uuid not null references cases_case (id),
  org_id uuid not null,
  org_code text not null,
  org_name text not null,
  note text not null,
  summoned_by text not null,
  summoned_at timestamptz not null default now(),
  reported_by text,
  reported_at timestamptz,
  report_note text,
  primary key (case_id, org_id)
);
create index cases_summon_org on cases_summon (org_id);

-- 督办 by the command centre: one row per supervised case, renewed by a later supervision.
create table cases_supervision (
  case_id uuid primary key references cases_case (id),
  note text not null,
  due_at timestamptz,
  times integer not null default 1,
  supervised_by text not null,
  supervisor_name text,
  supervised_at timestamptz not null default now()
);

-- Hot spots and duplicate look-ups read recent cases by time.
create index cases_case_created on cases_case (created_at);
