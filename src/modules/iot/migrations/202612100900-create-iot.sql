-- IoT perception (统一物联网管理平台): device types with their telemetry schema, devices,
-- telemetry history (partitioned by day), the latest state of each device, rejected
-- messages, rules and alarms. The owner organisation belongs to the org module: its id,
-- code, name are copied here (no foreign key across modules). Locations are longitude and
-- latitude in CGCS2000 / WGS-84 (the same to within centimetres), as GPS and surveying give
-- them — not GCJ-02.
create table iot_device_type (
  code text primary key check (code ~ '^[a-z][a-z0-9-]{1,39}$'),
  name text not null check (length(name) between 1 and 100),
  category text not null check (category in ('water', 'drainage', 'cover', 'fire', 'air', 'light', 'parking', 'other')),
  description text not null default '',
  -- [{ key, label, unit, type: number | integer | boolean, min?, max? }]
  fields jsonb not null check (jsonb_typeof(fields) = 'array'),
  -- Telemetry of this type older than this is deleted.
  retention_days integer not null default 180 check (retention_days between 1 and 3650),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table iot_device (
  id integer generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  type_code text not null references iot_device_type (code),
  name text not null check (length(name) between 1 and 200),
  vendor text not null default '',
  model text not null default '',
  owner_id uuid not null,
  owner_code text not null,
  owner_name text not null,
  division_code text not null check (division_code ~ '^[0-9]{6}([0-9]{3})?$'),
  lon double precision check (lon between -180 and 180),
  lat double precision check (lat between -90 and 90),
  address text not null default '',
  -- The grid (网格) that contains the device; set once the grid module exists.
  grid_code text,
  installed_on date,
  status text not null default 'active' check (status in ('active', 'maintenance', 'retired')),
  -- Publishing credential: shown once; only its SM3 hash is kept.
  credential_prefix text unique,
  credential_hash text,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((lon is null) = (lat is null)),
  check ((credential_prefix is null) = (credential_hash is null))
);
create index iot_device_type_idx on iot_device (type_code);
create index iot_device_division_idx on iot_device (division_code);
create index iot_device_owner_idx on iot_device (owner_id);

-- The latest reading per field, merged over messages; one row per device, made with it.
create table iot_device_state (
  device_id integer primary key references iot_device (id) on delete cascade,
  last_ts timestamptz,
  data jsonb not null default '{}',
  last_seen_at timestamptz,
  -- Set by the silence check when the device stopped reporting; cleared by its next message.
  silent_since timestamptz
);

-- Readings by day (Asia/Shanghai) partitions, created ahead by a recurring job; the default
-- partition only catches what no day partition covers. (device_id, ts) stores a message
-- redelivered by the broker once.
create table iot_telemetry (
  device_id integer not null,
  ts timestamptz not null,
  data jsonb not null,
  received_at timestamptz not null default now(),
  primary key (device_id, ts)
) partition by range (ts);
create table iot_telemetry_default partition of iot_telemetry default;

create table iot_reject (
  id bigint generated always as identity primary key,
  received_at timestamptz not null default now(),
  source text not null check (source in ('mqtt', 'http')),
  topic text,
  device_code text,
  device_id integer,
  reason text not null,
  detail text not null default '',
  -- The first 2,000 characters of the payload.
  payload text not null default ''
);
create index iot_reject_received_idx on iot_reject (received_at);
create index iot_reject_device_idx on iot_reject (device_code, received_at);

-- A rule applies to every device of a type or to one device.
create table iot_rule (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('threshold', 'rate', 'silence')),
  type_code text references iot_device_type (code),
  device_id integer references iot_device (id) on delete cascade,
  field text,
  operator text check (operator in ('>', '>=', '<', '<=')),
  threshold double precision,
  -- Hysteresis: the alarm clears once readings are back beyond this value (default: threshold).
  clear_threshold double precision,
  -- Rate rules: largest allowed change per minute (absolute).
  rate_per_minute double precision check (rate_per_minute > 0),
  silence_minutes integer check (silence_minutes between 1 and 10080),
  raise_after integer not null default 1 check (raise_after between 1 and 1000),
  clear_after integer not null default 1 check (clear_after between 1 and 1000),
  severity text not null default 'major' check (severity in ('minor', 'major', 'critical')),
  enabled boolean not null default true,
  description text not null default '',
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((type_code is null) <> (device_id is null)),
  check (kind <> 'threshold' or (field is not null and operator is not null and threshold is not null)),
  check (kind <> 'rate' or (field is not null and rate_per_minute is not null)),
  check (kind <> 'silence' or silence_minutes is not null)
);
create index iot_rule_type_idx on iot_rule (type_code);
create index iot_rule_device_idx on iot_rule (device_id);

-- Consecutive breaching / clear readings of one rule on one device, and its open alarm.
create table iot_rule_state (
  rule_id uuid not null references iot_rule (id) on delete cascade,
  device_id integer not null references iot_device (id) on delete cascade,
  breach_count integer not null default 0,
  clear_count integer not null default 0,
  alarm_id uuid,
  -- The latest breaching readings, kept for the alarm's record.
  recent jsonb not null default '[]',
  updated_at timestamptz not null default now(),
  primary key (rule_id, device_id)
);
create index iot_rule_state_device_idx on iot_rule_state (device_id);

-- Alarms keep a copy of what the event centre needs (device, place, readings) and outlive
-- their rule.
create table iot_alarm (
  id uuid primary key default gen_random_uuid(),
  rule_id uuid not null,
  rule_name text not null,
  kind text not null check (kind in ('threshold', 'rate', 'silence')),
  severity text not null check (severity in ('minor', 'major', 'critical')),
  device_id integer not null,
  device_code text not null,
  device_name text not null,
  type_code text not null,
  owner_id uuid not null,
  division_code text not null,
  grid_code text,
  lon double precision,
  lat double precision,
  message text not null,
  status text not null default 'active' check (status in ('active', 'cleared')),
  raised_at timestamptz not null default now(),
  readings jsonb not null default '[]',
  cleared_at timestamptz,
  clear_reason text check (clear_reason in ('condition-cleared', 'reporting-again', 'rule-changed', 'rule-deleted', 'device-retired')),
  clear_readings jsonb not null default '[]'
);
-- One open alarm per rule and device, even with several nodes evaluating.
create unique index iot_alarm_open_idx on iot_alarm (rule_id, device_id) where status = 'active';
create index iot_alarm_status_idx on iot_alarm (status, raised_at);
create index iot_alarm_device_idx on iot_alarm (device_id, raised_at);
create index iot_alarm_division_idx on iot_alarm (division_code, raised_at);
