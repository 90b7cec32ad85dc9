-- The full catalogue: what the router needs to choose a model, and where each price came from.
-- Rates stay normalised to per million tokens (exact: a quote per token or per 1K only moves the
-- decimal point); quoted_per records the unit the source used, so the original quote can be shown.
alter table model_price
    add column capabilities                     text[]   not null default '{}',
    add column context_window_tokens            integer  check (context_window_tokens > 0),
    add column max_output_tokens                integer  check (max_output_tokens > 0),
    add column tool_calling_quality             numeric  check (tool_calling_quality between 0 and 1),
    add column upstream_cache_write_per_million numeric  check (upstream_cache_write_per_million >= 0),
    add column quoted_per                       text     not null default 'million_tokens'
                                                         check (quoted_per in ('token', 'thousand_tokens', 'million_tokens')),
    add column source                           text     not null default 'seed';

comment on column model_price.platform_fee_prompt_per_million is
    'Superseded by table platform_fee from V2 on (fees have their own versions); kept as written';
comment on column model_price.platform_fee_completion_per_million is
    'Superseded by table platform_fee from V2 on (fees have their own versions); kept as written';

-- Fill the new descriptive columns of the four seed rows. The only update this table ever sees, done by
-- the migration that created the columns; no price changes.
alter table model_price disable trigger model_price_append_only;
update model_price set capabilities = '{streaming,tools,json_mode}', context_window_tokens = 32000,
       max_output_tokens = 4096, tool_calling_quality = 0.55 where version = 'sim-budget@2026-01-01';
update model_price set capabilities = '{streaming,tools,json_mode}', context_window_tokens = 64000,
       max_output_tokens = 8192, tool_calling_quality = 0.70 where version = 'sim-light@2026-01-01';
update model_price set capabilities = '{streaming,tools,json_mode,vision}', context_window_tokens = 128000,
       max_output_tokens = 16384, tool_calling_quality = 0.85 where version = 'sim-standard@2026-01-01';
update model_price set capabilities = '{streaming,tools,json_mode,vision}', context_window_tokens = 200000,
       max_output_tokens = 32768, tool_calling_quality = 0.95 where version = 'sim-premium@2026-01-01';
alter table model_price enable trigger model_price_append_only;

-- The append-only rule of model_price, for the versioned tables below.
create function versioned_row_is_append_only() returns trigger
language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        raise exception '% rows are never updated: insert a new version with a later effective_from', tg_table_name;
    end if;
    if old.effective_from <= now() then
        raise exception '% version % is or was in force and cannot be deleted', tg_table_name, old.version;
    end if;
    return old;
end;
$$;

-- Platform fees have their own versions: upstream prices change when a provider changes them (imported
-- within a business day), fees when Tollgate decides (increases announced at least 30 days ahead).
-- The fee in force at T is the row of the model with the greatest effective_from <= T.
create table platform_fee (
    id                     bigint generated always as identity primary key,
    model                  text        not null,
    currency               char(3)     not null check (currency ~ '^[A-Z]{3}$'),
    prompt_per_million     numeric     not null check (prompt_per_million >= 0),
    completion_per_million numeric     not null check (completion_per_million >= 0),
    effective_from         timestamptz not null,
    scheduled_at           timestamptz not null default now(),
    version                text        not null unique,
    unique (model, effective_from)
);

create trigger platform_fee_append_only
    before update or delete on platform_fee
    for each row execute function versioned_row_is_append_only();

insert into platform_fee (model, currency, prompt_per_million, completion_per_million, effective_from, scheduled_at, version)
select model, currency, platform_fee_prompt_per_million, platform_fee_completion_per_million, effective_from, effective_from,
       model || '-fee@' || to_char(effective_from at time zone 'UTC', 'YYYY-MM-DD')
from model_price;

-- Exchange rates, versioned the same way: one unit of base_currency is worth rate units of quote_currency.
create table exchange_rate (
    id             bigint generated always as identity primary key,
    base_currency  char(3)     not null check (base_currency ~ '^[A-Z]{3}$'),
    quote_currency char(3)     not null check (quote_currency ~ '^[A-Z]{3}$'),
    rate           numeric     not null check (rate > 0),
    effective_from timestamptz not null,
    version        text        not null unique,
    check (base_currency <> quote_currency),
    unique (base_currency, quote_currency, effective_from)
);

create trigger exchange_rate_append_only
    before update or delete on exchange_rate
    for each row execute function versioned_row_is_append_only();

-- A starting USD rate for local runs and imported USD price lists; deployments record real rates through the API.
insert into exchange_rate (base_currency, quote_currency, rate, effective_from, version)
values ('USD', 'EUR', 0.92, '2026-01-01T00:00:00Z', 'USD-EUR@2026-01-01'),
       ('EUR', 'USD', 1.087, '2026-01-01T00:00:00Z', 'EUR-USD@2026-01-01');

-- Outbox of events this service announces (platform-fee changes): written in the same transaction as the
-- change, published to Kafka by the relay, marked published after Kafka acknowledged. No dual write.
create table outbox_event (
    id            uuid        primary key,
    topic         text        not null,
    record_key    text        not null,
    payload       text        not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index outbox_event_unpublished on outbox_event (created_at) where published_at is null;
