-- A refund whose Stripe call failed on Stripe's side is retried with the same idempotency keys: it waits
-- as 'retrying' until next_attempt_at. A part's CreditsRefunded is written when its refund completes
-- (recorded), so the ledger hold keeps every credit of the refund reserved until then.
alter table refund drop constraint refund_status_check;
alter table refund add constraint refund_status_check check (status in ('held', 'retrying', 'refunded', 'failed'));
alter table refund
    add column attempts        int not null default 0,
    add column next_attempt_at timestamptz;
create index refund_to_retry on refund (next_attempt_at) where status in ('held', 'retrying');

alter table refund_part add column recorded boolean not null default true;   -- its CreditsRefunded is in the outbox
