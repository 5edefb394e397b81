-- Photos of a case (a grid worker's scene, a department's result), kept in the database so
-- that every node serves them; a few per case, each at most a few megabytes.
create table cases_attachment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases_case (id),
  file_name text not null,
  content_type text not null,
  size integer not null,
  sm3 text not null,
  data bytea not null,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index cases_attachment_case on cases_attachment (case_id, created_at);
