-- E-licenses (电子证照, GB/T 36901–36905): license types, issued and imported licenses, and
-- the public keys whose signatures are accepted (this city's own, and trusted other cities',
-- 电子签名互认). The signed canonical content holds the holder's ID number, so it is stored
-- SM4-encrypted; the holder is found by a blind index, never by the clear code.
create table licenses_type (
  code text primary key check (code ~ '^[0-9A-Z]{18}[0-9]{3}$'),
  name text not null check (length(name) between 1 and 100),
  holder_kind text not null check (holder_kind in ('person', 'entity')),
  validity_years integer check (validity_years between 1 and 100),
  defining_agency_name text not null,
  defining_agency_code text not null check (defining_agency_code ~ '^[0-9A-Z]{18}$'),
  issuer_name text not null,
  issuer_code text not null check (issuer_code ~ '^[0-9A-Z]{18}$'),
  issuer_division text not null check (issuer_division ~ '^[0-9]{6}([0-9]{3})?$'),
  related_item_code text,
  related_item_name text,
  number_prefix text not null default '' check (number_prefix ~ '^[0-9A-Z]{0,8}$'),
  fields jsonb not null default '[]',
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((related_item_code is null) = (related_item_name is null))
);

create sequence licenses_serial_seq;

create table licenses_license (
  id uuid primary key default gen_random_uuid(),
  identifier text not null unique,
  origin text not null check (origin in ('local', 'foreign')),
  type_code text not null,
  type_name text not null,
  number text not null,
  name text not null,
  holder_name text not null,
  holder_code_type text not null check (holder_code_type in ('111', '049')),
  holder_code_masked text not null,
  holder_index bytea not null,
  issued_on date not null,
  valid_from date not null,
  valid_to date,
  issuer_name text not null,
  issuer_code text not null,
  related_item_code text,
  related_item_name text,
  jurisdiction text not null check (jurisdiction ~ '^[0-9]{6}([0-9]{3})?$'),
  content_enc bytea not null,
  signature bytea not null,
  key_fingerprint text not null,
  status text not null default 'valid' check (status in ('valid', 'revoked')),
  revoked_at timestamptz,
  revoked_by text,
  revoke_reason text,
  recorded_by text,
  created_at timestamptz not null default now(),
  check (valid_to is null or valid_to >= valid_from),
  check ((status = 'revoked') = (revoked_at is not null)),
  check (status = 'valid' or revoke_reason is not null)
);
create index licenses_license_holder_idx on licenses_license (holder_index, issued_on desc);
create index licenses_license_jurisdiction_idx on licenses_license (jurisdiction, created_at desc);
create index licenses_license_type_idx on licenses_license (type_code, created_at desc);
create index licenses_license_number_idx on licenses_license (number);

-- Keys whose signatures verify: `local` keys are this city's (the current one and any it
-- signed with before a rotation), `trusted` keys are other cities' (互认). A revoked key's
-- signatures no longer verify.
create table licenses_key (
  fingerprint text primary key check (fingerprint ~ '^[0-9a-f]{64}$'),
  scope text not null check (scope in ('local', 'trusted')),
  city_name text not null check (length(city_name) between 1 and 100),
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  public_key_pem text not null,
  added_by text,
  added_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by text,
  revoke_reason text
);
