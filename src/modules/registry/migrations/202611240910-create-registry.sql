-- Base registries (基础库): persons (人口) and legal entities (法人).
-- Citizen ID numbers and phone numbers are stored SM4-encrypted (kernel field cipher,
-- format 1, associated data `table.column`) beside a 16-byte HMAC-SM3 blind index for
-- exact lookup; their clear values never reach the database.
create table registry_person (
  id_number_bidx bytea primary key check (length(id_number_bidx) = 16),
  id_number_enc bytea not null,
  name text not null,
  sex text not null check (sex in ('male', 'female')),
  birth_date date not null,
  ethnicity text,
  household_division text not null check (household_division ~ '^[0-9]{9}$'),
  address text,
  phone_enc bytea,
  phone_bidx bytea check (length(phone_bidx) = 16),
  status text not null default '正常' check (status in ('正常', '迁出', '死亡')),
  source text not null,
  updated_at timestamptz not null default now(),
  check ((phone_enc is null) = (phone_bidx is null))
);
-- No secondary index on persons: every index costs the bulk import (a province loads tens
-- of millions of rows), counts by division scan, and phone lookups get their index when a
-- feature needs one (`create index … (phone_bidx)`).

create table registry_entity (
  credit_code text primary key check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  name text not null,
  type text not null,
  legal_rep_name text,
  legal_rep_id_enc bytea,
  legal_rep_id_bidx bytea check (length(legal_rep_id_bidx) = 16),
  registered_capital numeric(18, 4) check (registered_capital >= 0),
  established_on date,
  division_code text not null check (division_code ~ '^[0-9]{6}([0-9]{3})?$'),
  address text,
  status text not null default '存续' check (status in ('存续', '在业', '吊销', '注销')),
  source text not null,
  updated_at timestamptz not null default now(),
  check ((legal_rep_id_enc is null) = (legal_rep_id_bidx is null))
);
create index registry_entity_division_idx on registry_entity (division_code);
create index registry_entity_rep_idx on registry_entity (legal_rep_id_bidx) where legal_rep_id_bidx is not null;

-- One row per imported file (by content): a rerun skips the lines an earlier run committed.
create table registry_import_run (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('persons', 'entities')),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_name text not null,
  source text not null,
  lines_committed integer not null default 0,
  rows_committed integer not null default 0,
  status text not null default 'running' check (status in ('running', 'completed')),
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  unique (kind, file_sha256)
);

-- The fingerprint of the field master key the data was written under: a node started
-- with another key refuses to run instead of writing blind indexes nobody can match.
create table registry_field_key (
  fingerprint text primary key,
  created_at timestamptz not null default now()
);
