-- The head of the audit chain in one row (src/kernel/audit). An append updates it first:
-- the row lock orders appenders on every node, and under read committed the update waits
-- for the previous appender's commit and then returns its seq and hash, so the lock and
-- the read of the head are one statement. The log itself stays the record; verification
-- never reads this row. The seq advanced here is what makes a record deleted from the end
-- visible at the next append: the new record follows the deleted one.
create table kernel_audit_head (
  id smallint primary key default 1,
  seq bigint not null,
  hash text not null,
  constraint kernel_audit_head_one_row check (id = 1)
);
insert into kernel_audit_head (id, seq, hash)
select 1,
       coalesce((select seq from kernel_audit_log order by seq desc limit 1), 0),
       coalesce((select hash from kernel_audit_log order by seq desc limit 1), repeat('0', 64));
