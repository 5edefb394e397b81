-- Service items (政务服务事项 / 实施清单). Enumerations are stored as codes; the portal
-- carries their Chinese labels. The implementing organisation belongs to the org module:
-- its id, code, name, division and credit code are copied here when the item is written
-- (no foreign key across modules); its division decides who may manage the item.
create table services_item (
  id uuid primary key default gen_random_uuid(),
  -- 实施编码: basic code, 12-digit division, 000, credit code, 1-00.
  code text not null unique,
  basic_code text not null check (basic_code ~ '^[0-9A-Z]{12}$'),
  name text not null,
  aliases text[] not null default '{}',
  type text not null check (type in ('licensing', 'confirmation', 'benefit', 'reward', 'adjudication', 'other_power', 'public_service')),
  org_id uuid not null,
  org_code text not null,
  org_name text not null,
  org_division_code text not null check (org_division_code ~ '^[0-9]{6}([0-9]{3})?$'),
  org_credit_code text not null,
  level text not null check (level in ('province', 'city', 'county', 'township')),
  subjects text[] not null check (cardinality(subjects) > 0 and subjects <@ array['natural_person', 'legal_person']),
  basis text not null,
  conditions text not null default '',
  process text[] not null default '{}',
  -- Working days (工作日) on the Chinese calendar; no legal limit where no law sets one.
  legal_limit_days integer check (legal_limit_days >= 0),
  promised_limit_days integer not null check (promised_limit_days >= 0),
  materials jsonb not null default '[]',
  fees jsonb not null default '[]',
  channels text[] not null check (channels <@ array['online', 'window', 'mobile', 'self_service']),
  online_depth text not null check (online_depth in ('consult', 'pre_review', 'online_apply', 'full_online')),
  -- 跨域通办: division codes of the other cities whose residents may apply.
  cross_region text[] not null default '{}',
  -- json, not jsonb: the form's fields keep the order the writer gave them.
  form_schema json not null,
  high_frequency boolean not null default false,
  high_frequency_rank integer check (high_frequency_rank > 0),
  status text not null default 'draft' check (status in ('draft', 'published', 'withdrawn')),
  version integer not null default 1,
  -- Built by the application from jieba tokens (name A; aliases B; organisation and
  -- materials C; codes D), cast from a tsvector literal: no text-search parser involved.
  search_vector tsvector not null,
  created_by text,
  updated_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  unique (org_id, basic_code),
  check (legal_limit_days is null or promised_limit_days <= legal_limit_days),
  check (high_frequency or high_frequency_rank is null)
);
create index services_item_search_idx on services_item using gin (search_vector);
create index services_item_cross_region_idx on services_item using gin (cross_region);
create index services_item_org_idx on services_item (org_id);
create index services_item_visibility_idx on services_item (status, org_division_code);
create index services_item_high_frequency_idx on services_item (high_frequency_rank) where high_frequency;

-- Every change is a new version holding the full item after it (json: field order kept). Applications refer to
-- (item_id, version), so versions are never deleted, nor is an item that has any.
create table services_item_version (
  item_id uuid not null references services_item (id),
  version integer not null,
  action text not null check (action in ('create', 'update', 'publish', 'withdraw')),
  snapshot json not null,
  actor text,
  note text,
  at timestamptz not null default now(),
  primary key (item_id, version)
);
