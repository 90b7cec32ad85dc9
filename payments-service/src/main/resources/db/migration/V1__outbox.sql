-- Transactional outbox: payments writes its events here in the same transaction as its own state;
-- Debezium reads the table and publishes each row to tollgate.payments.events.v1 (no dual write).
-- Columns follow Debezium's outbox event router.
create table outbox_event (
    id            uuid        primary key,      -- the event id
    aggregatetype text        not null,         -- 'payment' or 'refund'
    aggregateid   text        not null,         -- the account id: the Kafka key
    type          text        not null,         -- CreditsPurchased, CreditsRefunded
    payload       jsonb       not null,         -- the whole event envelope
    created_at    timestamptz not null default now()
);
