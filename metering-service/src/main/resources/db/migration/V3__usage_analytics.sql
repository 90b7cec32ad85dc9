-- Usage analytics: a projection of the priced usage this service produces, per account, model and hour
-- (days are sums of hours, in UTC). Fed by the consumer of tollgate.usage.priced.v1; the inbox row and the
-- projection change are written in one transaction, so a redelivered event is counted once.
create table usage_analytics_inbox (
    event_id     uuid        primary key,
    applied_at   timestamptz not null default now()
);

create table usage_hourly (
    account_id            text        not null,
    model                 text        not null,
    hour                  timestamptz not null,
    currency              char(3)     not null,
    requests              bigint      not null,
    prompt_tokens         bigint      not null,
    cached_prompt_tokens  bigint      not null,
    completion_tokens     bigint      not null,
    cost_micros           bigint      not null,
    primary key (account_id, model, hour, currency)
);
create index usage_hourly_by_hour on usage_hourly (hour);
