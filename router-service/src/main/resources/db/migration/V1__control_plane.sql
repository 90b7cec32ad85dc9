-- The router's control plane: accounts, their one routing profile, their API keys and what each key
-- has spent. Secrets are stored only as hashes: API keys as HMAC-SHA256 keyed by the router's pepper,
-- management tokens as SHA-256.

create table account (
    id         text primary key,
    name       text        not null check (length(name) between 1 and 200),
    status     text        not null default 'active' check (status in ('active', 'suspended')),
    created_at timestamptz not null default now()
);

-- a token that may manage one account (its profile and keys); shown once at creation
create table management_credential (
    credential_id text primary key,
    account_id    text        not null references account (id),
    token_sha256  bytea       not null unique,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz
);

create index management_credential_account on management_credential (account_id);

-- exactly one per account
create table routing_profile (
    id                 bigserial primary key,
    account_id         text        not null unique references account (id),
    lowest_tier        text        not null check (lowest_tier in ('budget', 'light', 'standard', 'premium')),
    highest_tier       text        not null check (highest_tier in ('budget', 'light', 'standard', 'premium')),
    cost_cap_micros    bigint check (cost_cap_micros > 0),
    capabilities       text[]      not null default '{}',
    tool_calling_floor numeric(5, 4) check (tool_calling_floor between 0 and 1),
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);

create table api_key (
    key_id              text primary key,
    account_id          text        not null references account (id),
    key_hash            bytea       not null unique,
    display_prefix      text        not null,
    name                text        not null check (length(name) between 1 and 200),
    spend_limit_micros  bigint check (spend_limit_micros > 0),
    -- per-key overrides of the configured rate limits; null: the default
    requests_per_minute integer check (requests_per_minute > 0),
    tokens_per_minute   bigint check (tokens_per_minute > 0),
    created_at          timestamptz not null default now(),
    revoked_at          timestamptz
);

create index api_key_account on api_key (account_id, created_at);

-- what each key has spent, summed from key_spend_record
create table key_spend (
    key_id       text primary key references api_key (key_id),
    spent_micros bigint      not null default 0 check (spent_micros >= 0),
    tokens       bigint      not null default 0 check (tokens >= 0),
    updated_at   timestamptz not null default now()
);

-- one row per billed request: a request id recorded twice is counted once
create table key_spend_record (
    request_id  text primary key,
    key_id      text        not null references api_key (key_id),
    tokens      bigint      not null check (tokens >= 0),
    cost_micros bigint      not null check (cost_micros >= 0),
    recorded_at timestamptz not null default now()
);
