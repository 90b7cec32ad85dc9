-- The ledger's source of truth: an append-only log of events per account.
-- Balances are projections of it (account_balance below), rebuilt from it at will.

create table ledger_event (
    event_id             uuid        primary key,        -- applying the same event twice is a no-op
    account_id           text        not null,
    sequence             bigint      not null check (sequence >= 1),
    type                 text        not null,
    schema_version       int         not null,
    amount_micros        bigint      not null,           -- signed change to the balance
    balance_after_micros bigint      not null,
    currency             char(3)     not null,
    occurred_at          timestamptz not null,
    recorded_at          timestamptz not null default now(),
    causation_id         text,                            -- what caused it: usage priced event, payment, refund
    correlation_id       text,
    envelope             jsonb       not null,            -- the whole event as published on Kafka
    constraint ledger_event_gap_free_sequence unique (account_id, sequence)
);

-- One entry per cause: a redelivered usage charge, payment or refund is applied once.
-- (AccountOpened shares the cause of the entry that opened the account.)
create unique index ledger_event_one_entry_per_cause on ledger_event (causation_id) where type <> 'AccountOpened';

-- Append-only, enforced by the database: no UPDATE, DELETE or TRUNCATE, whoever asks.
create function ledger_event_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'ledger_event is append-only: % refused', tg_op using errcode = 'restrict_violation';
end
$$;

create trigger ledger_event_no_update_or_delete
    before update or delete on ledger_event
    for each row execute function ledger_event_refuse_change();

create trigger ledger_event_no_truncate
    before truncate on ledger_event
    for each statement execute function ledger_event_refuse_change();

-- Projection: the current balance per account, updated in the same transaction as each append.
create table account_balance (
    account_id     text        primary key,
    currency       char(3)     not null,
    balance_micros bigint      not null,
    last_sequence  bigint      not null,
    updated_at     timestamptz not null
);
