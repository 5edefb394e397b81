-- Data resource catalog (政务信息资源目录). Enumerations are stored as codes; the console
-- carries their Chinese labels. The owner organisation belongs to the org module: its id,
-- code, name and division are copied here when the resource is written (no foreign key
-- across modules), and the division decides who may see drafts.
create table catalog_resource (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[0-9a-z][0-9a-z.-]{2,63}$'),
  name text not null,
  owner_id uuid not null,
  owner_code text not null,
  owner_name text not null,
  owner_division_code text not null check (owner_division_code ~ '^[0-9]{6}([0-9]{3})?$'),
  description text not null default '',
  category text not null default '',
  fields jsonb not null default '[]',
  update_cycle text not null check (update_cycle in ('realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular')),
  share_attribute text not null check (share_attribute in ('unconditional', 'conditional', 'none')),
  share_condition text,
  open_attribute text not null check (open_attribute in ('unconditional', 'conditional', 'none')),
  open_condition text,
  grade text not null check (grade in ('general', 'important', 'core')),
  tags text[] not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'published', 'retired')),
  version integer not null default 1,
  -- Built by the application from jieba tokens (name A; tags, fields, category B; texts C;
  -- code D), cast from a tsvector literal so no text-search parser or locale is involved.
  search_vector tsvector not null,
  created_by text,
  updated_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  check (share_attribute <> 'conditional' or share_condition is not null),
  check (open_attribute <> 'conditional' or open_condition is not null)
);
create index catalog_resource_search_idx on catalog_resource using gin (search_vector);
create index catalog_resource_tags_idx on catalog_resource using gin (tags);
create index catalog_resource_owner_idx on catalog_resource (owner_id);
create index catalog_resource_visibility_idx on catalog_resource (status, owner_division_code);

-- Every change is a new version: the full snapshot after the change, who, when and why.
create table catalog_resource_version (
  resource_id uuid not null references catalog_resource (id) on delete cascade,
  version integer not null,
  action text not null check (action in ('create', 'update', 'publish', 'retire')),
  snapshot jsonb not null,
  actor text,
  note text,
  at timestamptz not null default now(),
  primary key (resource_id, version)
);

-- The last sequence number handed out per code prefix (`<division>-<organisation>-`).
create table catalog_code_sequence (
  prefix text primary key,
  last integer not null
);
