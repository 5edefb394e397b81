-- Every write of a dataset takes the next number: each node's in-memory search index
-- catches up by reading the datasets changed since the last number it saw.
create sequence opendata_change_seq;

-- Open-data portal (公共数据开放). A dataset is published from one catalog resource by its
-- owner department; the resource, the owner organisation and its division belong to other
-- modules, so their ids, codes and names are copied here when the dataset is written (no
-- foreign key across modules). Times come from the module's clock, not from now(), so
-- that freshness can be tested by moving the clock.
create table opendata_dataset (
  id uuid primary key default gen_random_uuid(),
  -- CKAN `name`: the catalog resource's code, lower-case letters, digits, `-` and `_`.
  name text not null unique check (name ~ '^[0-9a-z_-]{2,100}$'),
  resource_id uuid not null unique,
  resource_version integer not null,
  title text not null check (char_length(title) between 1 and 200),
  description text not null default '',
  tags text[] not null default '{}',
  -- 数据领域, a code of THEMES (a CKAN group).
  theme text not null,
  licence text not null,
  frequency text not null check (frequency in ('realtime', 'daily', 'monthly', 'quarterly', 'yearly')),
  spatial_code text not null check (spatial_code ~ '^[0-9]{6}([0-9]{3})?$'),
  spatial_name text not null,
  temporal_start date,
  temporal_end date,
  contact_name text not null,
  contact_email text,
  contact_phone text,
  owner_id uuid not null,
  owner_code text not null,
  owner_name text not null,
  owner_division_code text not null,
  access text not null check (access in ('unconditional', 'conditional')),
  access_condition text,
  -- The open fields (name, label, type, description), in order: the columns of every distribution.
  fields jsonb not null,
  formats text[] not null,
  status text not null check (status in ('published', 'unpublished')),
  row_count integer not null default 0,
  -- Cumulative use, kept beside the per-day counters so that "most used" sorts on one column.
  downloads bigint not null default 0,
  api_calls bigint not null default 0,
  version integer not null default 1,
  change_seq bigint not null default nextval('opendata_change_seq'),
  -- jieba tokens (title A; tags, theme, fields B; description, owner C; name D), cast from a tsvector literal.
  search_vector tsvector not null,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  -- The last real change of the data (rows), and when it falls due again under `frequency`.
  data_updated_at timestamptz not null,
  due_at timestamptz not null,
  check (temporal_end is null or temporal_start is null or temporal_end >= temporal_start),
  check (access <> 'conditional' or access_condition is not null)
);
create index opendata_dataset_search_idx on opendata_dataset using gin (search_vector);
create index opendata_dataset_tags_idx on opendata_dataset using gin (tags);
create index opendata_dataset_owner_idx on opendata_dataset (owner_id);
create index opendata_dataset_status_modified_idx on opendata_dataset (status, modified_at desc);
create index opendata_dataset_due_idx on opendata_dataset (due_at) where status = 'published';
create index opendata_dataset_change_idx on opendata_dataset (change_seq);

-- The rows of a dataset, open fields only, in their order. Kept in the database rather than
-- as files under DATA_DIR: every node of a cluster reads the same rows, a data update
-- replaces them in the transaction that records it, and backups carry them.
create table opendata_row (
  dataset_id uuid not null references opendata_dataset (id) on delete cascade,
  position integer not null,
  data jsonb not null,
  primary key (dataset_id, position)
);

-- CKAN resources / DCAT distributions: one per format, with stable ids.
create table opendata_distribution (
  id uuid primary key default gen_random_uuid(),
  dataset_id uuid not null references opendata_dataset (id) on delete cascade,
  format text not null check (format in ('CSV', 'JSON', 'API')),
  position integer not null,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  unique (dataset_id, format)
);

-- Update history: publication, data and metadata updates, unpublishing.
create table opendata_update (
  id bigint generated always as identity primary key,
  dataset_id uuid not null references opendata_dataset (id) on delete cascade,
  kind text not null check (kind in ('publish', 'data', 'metadata', 'unpublish', 'republish')),
  at timestamptz not null,
  actor text not null,
  note text,
  row_count integer,
  changed text[] not null default '{}'
);
create index opendata_update_dataset_idx on opendata_update (dataset_id, at desc);

-- Use per dataset and day (the day in China Standard Time).
create table opendata_usage_daily (
  dataset_id uuid not null references opendata_dataset (id) on delete cascade,
  day date not null,
  downloads integer not null default 0,
  api_calls integer not null default 0,
  primary key (dataset_id, day)
);
create index opendata_usage_daily_day_idx on opendata_usage_daily (day);

-- Applications for conditional-open datasets (有条件开放). The applicant keeps a claim token
-- (only its SM3 hash is stored); once approved, the token fetches an API key, created at
-- that moment and shown once, whose access is limited to this dataset.
create table opendata_application (
  id uuid primary key default gen_random_uuid(),
  dataset_id uuid not null references opendata_dataset (id) on delete cascade,
  applicant_name text not null,
  applicant_organisation text not null default '',
  contact text not null,
  purpose text not null,
  claim_hash text not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  created_at timestamptz not null,
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  api_key_id uuid unique,
  claimed_at timestamptz
);
create index opendata_application_dataset_idx on opendata_application (dataset_id, status);
