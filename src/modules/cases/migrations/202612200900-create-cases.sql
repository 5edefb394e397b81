-- The category taxonomy (data/cases/categories.json): GB/T 30428.2 city-management
-- components (部件) and events (事件) plus 12345 livelihood categories. Reference data,
-- rewritten from the file at every start.
create table cases_category (
  code text primary key,
  name text not null,
  kind text not null check (kind in ('component', 'event', 'livelihood')),
  group_name text not null,
  -- IoT device types whose alarms open a case of this category.
  iot_types text[] not null default '{}',
  sort integer not null
);

-- 权责清单: which department answers for a category, and in how long. Seeded from the
-- taxonomy's defaults once; edits made in the console are kept across starts.
create table cases_responsibility (
  category_code text primary key references cases_category (code),
  org_code text not null,
  urgent_hours integer not null check (urgent_hours between 1 and 720),
  limit_days integer not null check (limit_days between 1 and 365),
  version integer not null default 1,
  updated_by text,
  updated_at timestamptz not null default now()
);

create sequence cases_case_seq;

-- One case (案件 / 工单) for every channel.
create table cases_case (
  id uuid primary key default gen_random_uuid(),
  -- 工单编号: date of intake (Asia/Shanghai) and a sequence.
  number text not null unique,
  channel text not null check (channel in ('hotline', 'web', 'grid', 'iot', 'transfer')),
  type text not null check (type in ('complaint', 'report', 'help', 'consult', 'suggestion')),
  category_code text references cases_category (code),
  -- A classifier's suggestion, kept beside the chosen category.
  suggested_category_code text,
  suggestion_confidence real check (suggestion_confidence between 0 and 1),
  description text not null,
  address text,
  lon double precision check (lon between -180 and 180),
  lat double precision check (lat between -90 and 90),
  -- The division the case belongs to (region scoping) and, later, the grid containing the point.
  division_code text not null,
  grid_code text,
  reporter_name text,
  reporter_phone_enc bytea,
  reporter_phone_index bytea,
  reporter_phone_masked text,
  urgency text not null default 'normal' check (urgency in ('normal', 'urgent')),
  status text not null check (status in ('accepted', 'dispatched', 'signed', 'handling', 'replied', 'visited', 'closed')),
  org_id uuid,
  org_code text,
  org_name text,
  -- The deadline of the current dispatch: an instant, and for working-day limits the day.
  limit_hours integer,
  limit_days integer,
  deadline_at timestamptz,
  due_on date,
  warning text not null default 'none' check (warning in ('none', 'yellow', 'red')),
  satisfaction text check (satisfaction in ('satisfied', 'basically_satisfied', 'unsatisfied')),
  return_count integer not null default 0,
  reopen_count integer not null default 0,
  -- Where an automatic case came from (e.g. `iot.alarm:<id>`): the same source opens one case.
  source_ref text unique,
  created_by text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);

create index cases_case_queue on cases_case (status, created_at desc);
create index cases_case_org on cases_case (org_id, status);
create index cases_case_division on cases_case (division_code text_pattern_ops);
create index cases_case_phone on cases_case (reporter_phone_index) where reporter_phone_index is not null;
create index cases_case_running on cases_case (deadline_at) where status in ('dispatched', 'signed', 'handling');

-- The timeline: every intake and transition of a case.
create table cases_case_event (
  id bigint generated always as identity primary key,
  case_id uuid not null references cases_case (id),
  action text not null,
  from_status text,
  to_status text not null,
  actor text not null,
  actor_name text,
  org_name text,
  comment text,
  details jsonb,
  created_at timestamptz not null default now()
);

create index cases_case_event_case on cases_case_event (case_id, id);
