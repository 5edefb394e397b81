-- The append-only, tamper-evident audit log (src/kernel/audit).
--
-- seq is assigned by the application as previous seq + 1 while holding an advisory lock,
-- not by an identity column: a rolled-back identity value would leave a gap that looks
-- exactly like a deleted record.
create table kernel_audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor text,
  action text not null,
  target text,
  details jsonb not null default '{}'::jsonb,
  ip text,
  prev_hash text not null,
  hash text not null,
  constraint kernel_audit_log_seq_positive check (seq > 0)
);
-- Verification looks records up by hash only when the chain is broken; a hash index is a
-- fraction of the size of a btree over 64 hex characters.
create index kernel_audit_log_hash_idx on kernel_audit_log using hash (hash);
create index kernel_audit_log_action_idx on kernel_audit_log (action, seq);
create index kernel_audit_log_actor_idx on kernel_audit_log (actor, seq);

create table kernel_audit_checkpoint (
  id bigint generated always as identity primary key,
  seq bigint not null,
  hash text not null,
  signed_at timestamptz not null default now(),
  signature text not null,
  key_fingerprint text not null
);
create index kernel_audit_checkpoint_seq_idx on kernel_audit_checkpoint (seq, id);

-- A guard against accidents, not against the table's owner (who can disable it): the hash
-- chain and the signed checkpoints are what reveal deliberate tampering.
create function kernel_audit_append_only() returns trigger
language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end;
$$;
create trigger kernel_audit_log_append_only before update or delete on kernel_audit_log
  for each row execute function kernel_audit_append_only();
create trigger kernel_audit_log_no_truncate before truncate on kernel_audit_log
  for each statement execute function kernel_audit_append_only();
create trigger kernel_audit_checkpoint_append_only before update or delete on kernel_audit_checkpoint
  for each row execute function kernel_audit_append_only();
create trigger kernel_audit_checkpoint_no_truncate before truncate on kernel_audit_checkpoint
  for each statement execute function kernel_audit_append_only();
