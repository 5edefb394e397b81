-- Administrative divisions (GB/T 2260; townships as 9-digit statistics codes).
create table org_division (
  code text primary key check (code ~ '^[0-9]{6}([0-9]{3})?$'),
  name text not null,
  level text not null check (level in ('province', 'prefecture', 'county', 'township')),
  parent_code text references org_division (code),
  kind text
);
create index org_division_parent_idx on org_division (parent_code, code);

create table org_organisation (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  short_name text,
  kind text not null check (kind in ('government', 'department', 'enterprise', 'other')),
  division_code text not null references org_division (code),
  parent_id uuid references org_organisation (id),
  credit_code text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (division_code, name)
);
create index org_organisation_division_idx on org_organisation (division_code);

create table org_role (
  code text primary key,
  name text not null,
  name_en text not null,
  builtin boolean not null default false
);

create table org_role_permission (
  role_code text not null references org_role (code) on delete cascade,
  permission text not null,
  primary key (role_code, permission)
);

create table org_user (
  id uuid primary key default gen_random_uuid(),
  username text not null unique check (username = lower(username)),
  display_name text not null,
  password_hash text not null,
  organisation_id uuid references org_organisation (id),
  division_code text not null references org_division (code),
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en-US')),
  status text not null default 'active' check (status in ('active', 'disabled')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_login_at timestamptz,
  password_changed_at timestamptz not null default now()
);
create index org_user_division_idx on org_user (division_code);

create table org_user_role (
  user_id uuid not null references org_user (id) on delete cascade,
  role_code text not null references org_role (code),
  primary key (user_id, role_code)
);

-- Only the SM3 hash of a session token is stored.
create table org_session (
  token_hash text primary key,
  user_id uuid not null references org_user (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index org_session_user_idx on org_session (user_id);
create index org_session_expires_idx on org_session (expires_at);

-- Department systems call with `yw_<prefix>_<secret>`; the prefix finds the row, the hash proves the key.
create table org_api_key (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  organisation_id uuid not null references org_organisation (id),
  prefix text not null unique,
  key_hash text not null,
  scopes text[] not null,
  created_by uuid references org_user (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index org_api_key_organisation_idx on org_api_key (organisation_id);

-- Failed logins per username and per client address, for rate limiting across nodes.
create table org_login_failure (
  id bigint generated always as identity primary key,
  subject text not null,
  at timestamptz not null default now()
);
create index org_login_failure_subject_idx on org_login_failure (subject, at);
