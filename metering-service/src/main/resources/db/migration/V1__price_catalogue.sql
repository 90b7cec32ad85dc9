-- The price catalogue: one row per model and price version.
-- Rates are per million tokens in the row's currency, as exact numerics (never floating point).
-- Rows are never changed: a price change is a new row with a later effective_from, so a request
-- is always priced, and can always be re-explained, with the row that was in force when it was made.
create table model_price (
    id                                  bigint generated always as identity primary key,
    model                               text        not null,
    provider                            text        not null,
    currency                            char(3)     not null check (currency ~ '^[A-Z]{3}$'),
    tier                                text        not null,
    upstream_prompt_per_million         numeric     not null check (upstream_prompt_per_million >= 0),
    upstream_cached_prompt_per_million  numeric     not null check (upstream_cached_prompt_per_million >= 0),
    upstream_completion_per_million     numeric     not null check (upstream_completion_per_million >= 0),
    platform_fee_prompt_per_million     numeric     not null check (platform_fee_prompt_per_million >= 0),
    platform_fee_completion_per_million numeric     not null check (platform_fee_completion_per_million >= 0),
    effective_from                      timestamptz not null,
    version                             text        not null unique,
    -- also the index behind "the price of model M in force at instant T" (latest effective_from <= T)
    unique (model, effective_from)
);

comment on table model_price is 'Versioned, append-only price catalogue; see metering-service/README.md';

-- The database, not only the code, keeps the catalogue append-only. A version not yet in force may
-- still be withdrawn (deleted); once in force, it has priced requests and stays forever.
create function model_price_is_append_only() returns trigger
language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        raise exception 'model_price rows are never updated: insert a new version with a later effective_from';
    end if;
    if old.effective_from <= now() then
        raise exception 'model_price version % is or was in force and cannot be deleted', old.version;
    end if;
    return old;
end;
$$;

create trigger model_price_append_only
    before update or delete on model_price
    for each row execute function model_price_is_append_only();

-- The upstream simulator's four models, in EUR, in force from 2026-01-01.
insert into model_price (model, provider, currency, tier,
                         upstream_prompt_per_million, upstream_cached_prompt_per_million, upstream_completion_per_million,
                         platform_fee_prompt_per_million, platform_fee_completion_per_million,
                         effective_from, version)
values ('sim-budget',   'simulator', 'EUR', 'budget',    0.10, 0.05,  0.40, 0.02, 0.08, '2026-01-01T00:00:00Z', 'sim-budget@2026-01-01'),
       ('sim-light',    'simulator', 'EUR', 'light',     0.50, 0.25,  1.50, 0.05, 0.15, '2026-01-01T00:00:00Z', 'sim-light@2026-01-01'),
       ('sim-standard', 'simulator', 'EUR', 'standard',  2.50, 1.25, 10.00, 0.25, 1.00, '2026-01-01T00:00:00Z', 'sim-standard@2026-01-01'),
       ('sim-premium',  'simulator', 'EUR', 'premium',  15.00, 7.50, 60.00, 1.50, 6.00, '2026-01-01T00:00:00Z', 'sim-premium@2026-01-01');
