-- Domain events, written in the publisher's transaction and dispatched by workers
-- (transactional outbox). A row is claimed by setting locked_by/locked_until; a claim whose
-- lease has expired (the worker died) may be taken again.
create table kernel_outbox (
  id bigint generated always as identity primary key,
  type text not null,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  available_at timestamptz not null default now(),
  status text not null default 'pending',
  attempts integer not null default 0,
  max_attempts integer not null,
  -- names of the subscribers whose handler has committed, so a retry skips them
  delivered text[] not null default '{}',
  last_error text,
  locked_by text,
  locked_until timestamptz,
  done_at timestamptz,
  constraint kernel_outbox_status_check check (status in ('pending', 'done', 'dead')),
  constraint kernel_outbox_max_attempts_check check (max_attempts > 0)
);
create index kernel_outbox_pending_idx on kernel_outbox (available_at, id) where status = 'pending';

-- Background jobs. dedupe_key makes an enqueue idempotent; a recurring schedule is one row
-- (dedupe_key 'every:<name>', repeat_ms set) that goes back to pending after each run.
create table kernel_job (
  id bigint generated always as identity primary key,
  name text not null,
  payload jsonb not null,
  run_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  status text not null default 'pending',
  attempts integer not null default 0,
  max_attempts integer not null,
  dedupe_key text,
  repeat_ms integer,
  last_error text,
  locked_by text,
  locked_until timestamptz,
  done_at timestamptz,
  constraint kernel_job_dedupe_key_key unique (dedupe_key),
  constraint kernel_job_status_check check (status in ('pending', 'done', 'dead')),
  constraint kernel_job_max_attempts_check check (max_attempts > 0),
  constraint kernel_job_repeat_ms_check check (repeat_ms is null or repeat_ms > 0)
);
create index kernel_job_pending_idx on kernel_job (run_at, id) where status = 'pending';
