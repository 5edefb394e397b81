-- 一件事一次办: bundles (one combined form fanning out to several items) and their
-- applications; each child is an ordinary application pointing at its bundle application.
create table services_bundle (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  summary text not null,
  applicant_kind text not null check (applicant_kind in ('person', 'enterprise')),
  -- JSON Schema of the combined form (the shared fields).
  form_schema jsonb not null,
  -- [{ itemId, itemCode, itemName, orgName, fields: { itemField: bundleField }, values: { itemField: value } }]
  items jsonb not null,
  status text not null default 'published' check (status in ('published', 'withdrawn')),
  updated_at timestamptz not null default now()
);

create table services_bundle_application (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  bundle_id uuid not null references services_bundle (id),
  bundle_code text not null,
  bundle_name text not null,
  applicant_id uuid not null references services_applicant (id),
  form jsonb not null,
  -- Aggregated from the children: processing while any runs, then completed or rejected.
  status text not null default 'processing' check (status in ('processing', 'completed', 'rejected')),
  children_total integer not null check (children_total > 0),
  children_finished integer not null default 0,
  finished_on date,
  version integer not null default 1,
  submitted_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index services_bundle_application_applicant_idx on services_bundle_application (applicant_id, submitted_at desc);

alter table services_application add column bundle_application_id uuid references services_bundle_application (id);
create index services_application_bundle_idx on services_application (bundle_application_id) where bundle_application_id is not null;

-- 免申即享: policies whose rules run over the base registries, and the entitlements they create.
create table services_policy (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  summary text not null,
  org_id uuid not null,
  org_name text not null,
  org_division_code text not null,
  subject_kind text not null check (subject_kind in ('person', 'enterprise')),
  -- The rules (same shape as 秒批 rules, registry sources only); all must pass.
  rules jsonb not null,
  period text not null check (period in ('once', 'year', 'month')),
  benefit text not null,
  active boolean not null default true,
  updated_at timestamptz not null default now()
);

create table services_policy_run (
  id uuid primary key default gen_random_uuid(),
  policy_id uuid not null references services_policy (id),
  period text not null,
  trigger text not null check (trigger in ('schedule', 'manual')),
  actor text not null,
  checked integer not null default 0,
  eligible integer not null default 0,
  created integer not null default 0,
  existing integer not null default 0,
  notified integer not null default 0,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index services_policy_run_policy_idx on services_policy_run (policy_id, started_at desc);

create table services_entitlement (
  id uuid primary key default gen_random_uuid(),
  policy_id uuid not null references services_policy (id),
  period text not null,
  subject_kind text not null check (subject_kind in ('person', 'enterprise')),
  -- The citizen ID number or credit code: SM4-encrypted, SM3-HMAC blind index, masked.
  subject_enc bytea not null,
  subject_index bytea not null,
  subject_masked text not null,
  subject_name text not null,
  division_code text not null,
  applicant_id uuid references services_applicant (id),
  run_id uuid not null references services_policy_run (id),
  trace jsonb not null,
  created_at timestamptz not null default now(),
  unique (policy_id, subject_index, period)
);
create index services_entitlement_applicant_idx on services_entitlement (applicant_id, created_at desc) where applicant_id is not null;
create index services_entitlement_policy_idx on services_entitlement (policy_id, created_at desc);

-- 好差评: one rating per finished application or bundle application; a 差评 (1–2) opens a
-- rectification (整改) per department that handled it.
create table services_rating (
  id uuid primary key default gen_random_uuid(),
  application_id uuid unique references services_application (id),
  bundle_application_id uuid unique references services_bundle_application (id),
  applicant_id uuid not null references services_applicant (id),
  item_id uuid,
  item_name text not null,
  score integer not null check (score between 1 and 5),
  comment text,
  created_at timestamptz not null default now(),
  check ((application_id is null) <> (bundle_application_id is null))
);

-- The departments and items a rating is about: one row for an application, one per child for a bundle.
create table services_rating_org (
  rating_id uuid not null references services_rating (id),
  org_id uuid not null,
  org_name text not null,
  item_id uuid not null,
  item_name text not null,
  primary key (rating_id, org_id, item_id)
);
create index services_rating_org_org_idx on services_rating_org (org_id);

create table services_rectification (
  id uuid primary key default gen_random_uuid(),
  rating_id uuid not null references services_rating (id),
  org_id uuid not null,
  org_name text not null,
  status text not null default 'open' check (status in ('open', 'answered')),
  due_on date not null,
  finding text check (finding in ('属实', '部分属实', '不属实')),
  reply text,
  answered_by text,
  answered_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  unique (rating_id, org_id)
);
create index services_rectification_org_idx on services_rectification (org_id, status, due_on);
