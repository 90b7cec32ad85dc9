-- The inbox: which incoming event each consumer has applied. A row is inserted in the same
-- transaction as the entries the event causes; a duplicate key means "already applied", so a
-- redelivered event changes nothing. This replaces V1's unique index on ledger_event.causation_id:
-- one mechanism for every consumer (usage, payments, demo seed), and the log itself may now hold
-- several entries with one cause (a hold's placed, captured and released entries share the hold id).
create table ledger_inbox (
    consumer   text        not null,   -- e.g. usage-priced, payments-events
    event_id   text        not null,   -- the incoming event's id (its envelope eventId)
    applied_at timestamptz not null default now(),
    primary key (consumer, event_id)
);

-- Entries applied before the inbox existed count as applied.
insert into ledger_inbox (consumer, event_id, applied_at)
select case when type in ('PurchaseCredited', 'RefundDebited') then 'payments-events'
            when type = 'UsageCharged' then 'usage-priced'
            when causation_id like 'demo-credits:%' then 'demo-credits'
            else 'legacy' end,
       causation_id, recorded_at
from ledger_event
where causation_id is not null and type <> 'AccountOpened'
on conflict do nothing;

drop index ledger_event_one_entry_per_cause;
create index ledger_event_by_cause on ledger_event (causation_id);
