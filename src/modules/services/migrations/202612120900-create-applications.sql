-- Applicants (申请人): a citizen or an enterprise, real-name verified against the base
-- registries. The login is an org user with the `applicant` role (user_id, no foreign key
-- across modules; null while the account is being created). The ID number or credit code
-- is SM4-encrypted with an SM3-HMAC blind index for exact lookup.
create table services_applicant (
  id uuid primary key default gen_random_uuid(),
  user_id uuid unique,
  kind text not null check (kind in ('person', 'enterprise')),
  name text not null,
  code_enc bytea not null,
  code_index bytea not null,
  code_masked text not null,
  -- An enterprise's legal representative as verified.
  representative_name text,
  division_code text not null,
  verified_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  unique (kind, code_index)
);

-- How an item is handled, beside the item (see applications.model.ts `Procedure`).
create table services_item_procedure (
  item_id uuid primary key references services_item (id),
  result_license_type_code text,
  result_data jsonb not null default '{}',
  parallel_reviews jsonb not null default '[]',
  step_roles jsonb not null,
  waived_materials jsonb not null default '[]',
  -- null: no instant approval (秒批).
  instant_rules jsonb,
  version integer not null default 1,
  updated_by text,
  updated_at timestamptz not null default now()
);

create sequence services_application_seq;

-- Applications (办件). The item's name, organisation and procedure are copied when
-- submitted: the application is handled as the item then was.
create table services_application (
  id uuid primary key default gen_random_uuid(),
  -- 办件编号: division of the implementing organisation, date of submission, sequence.
  number text not null unique,
  item_id uuid not null references services_item (id),
  item_version integer not null,
  item_code text not null,
  item_name text not null,
  org_id uuid not null,
  org_name text not null,
  org_division_code text not null,
  applicant_id uuid not null references services_applicant (id),
  applicant_kind text not null check (applicant_kind in ('person', 'enterprise')),
  applicant_name text not null,
  applicant_code_masked text not null,
  form jsonb not null,
  procedure jsonb not null,
  status text not null check (status in ('submitted', 'correction', 'reviewing', 'deciding', 'approved', 'completed', 'rejected')),
  -- Roles that act on the current step in the implementing organisation (the officers' inbox).
  current_roles text[] not null default '{}',
  -- 补正: the status to return to, and what was asked.
  resume_status text,
  correction jsonb,
  -- 秒批: null when the item has no rules; the trace of every rule otherwise.
  instant text check (instant in ('approved', 'refused')),
  instant_trace jsonb,
  -- The deadline clock, in working days on the Chinese calendar (see deadline-clock.ts).
  limit_days integer not null check (limit_days >= 0),
  accepted_on date,
  clock_started_on date,
  remaining_days integer,
  due_on date,
  suspended_on date,
  suspended_days integer not null default 0,
  unpublished_years integer[] not null default '{}',
  deadline_state text not null default 'normal' check (deadline_state in ('normal', 'warning', 'overdue')),
  decision text check (decision in ('approved', 'rejected')),
  decision_step text,
  decision_reason text,
  license_id uuid,
  license_identifier text,
  finished_on date,
  on_time boolean,
  version integer not null default 1,
  submitted_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index services_application_applicant_idx on services_application (applicant_id, submitted_at desc);
create index services_application_org_idx on services_application (org_id, status, due_on);
create index services_application_item_idx on services_application (item_id);
create index services_application_due_idx on services_application (due_on) where status in ('reviewing', 'deciding', 'approved');

-- Uploaded files, stored by SM3 content hash (see material-store.ts).
create table services_file (
  id uuid primary key default gen_random_uuid(),
  applicant_id uuid not null references services_applicant (id),
  sm3 text not null check (sm3 ~ '^[0-9a-f]{64}$'),
  size integer not null check (size > 0),
  content_type text not null,
  original_name text not null,
  storage_key text not null,
  created_at timestamptz not null default now()
);
create index services_file_applicant_idx on services_file (applicant_id, created_at desc);

-- The materials of an application: one row per provided material.
create table services_application_material (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references services_application (id),
  name text not null,
  source text not null check (source in ('upload', 'license', 'waived')),
  file_id uuid references services_file (id),
  license_id uuid,
  license_identifier text,
  license_name text,
  license_number text,
  note text,
  attached_at timestamptz not null default now(),
  unique (application_id, name),
  check ((source = 'upload') = (file_id is not null)),
  check ((source = 'license') = (license_id is not null))
);

-- 审查: the implementing organisation's review (lead) and the parallel departments'; the
-- step completes when every row is done.
create table services_application_review (
  application_id uuid not null references services_application (id),
  org_id uuid not null,
  org_code text not null,
  org_name text not null,
  lead boolean not null,
  roles text[] not null,
  status text not null default 'pending' check (status in ('pending', 'done')),
  opinion text check (opinion in ('agree', 'disagree')),
  comment text,
  actor text,
  done_at timestamptz,
  primary key (application_id, org_id)
);
create index services_application_review_org_idx on services_application_review (org_id, status);

-- What happened to an application, in order: the applicant's progress view.
create table services_application_log (
  id bigint generated always as identity primary key,
  application_id uuid not null references services_application (id),
  action text not null,
  step text,
  from_status text,
  to_status text not null,
  actor text,
  org_name text,
  comment text,
  details jsonb,
  at timestamptz not null default now()
);
create index services_application_log_application_idx on services_application_log (application_id, id);

-- The applicant's inbox (站内消息).
create table services_message (
  id uuid primary key default gen_random_uuid(),
  applicant_id uuid not null references services_applicant (id),
  application_id uuid references services_application (id),
  kind text not null,
  title text not null,
  body text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index services_message_applicant_idx on services_message (applicant_id, created_at desc);
