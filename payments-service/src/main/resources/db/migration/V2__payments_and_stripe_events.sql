-- One payment per Stripe Checkout Session. The columns under "Stripe facts" only ever grow
-- (a flag goes from false to true, an amount to a larger one), whatever order Stripe delivers its
-- events in; the status and the effects (credits granted, dispute debited) are derived from them.
create table payment (
    payment_id              text        primary key,             -- ours: pay_<uuid>
    account_id              text        not null,
    credits                 bigint      not null check (credits > 0),
    currency                text        not null,
    credited_cents          bigint      not null,                 -- credits in cents (1 credit = 1 cent)
    fee_cents               bigint      not null,
    vat_cents               bigint      not null,
    gross_cents             bigint      not null,                 -- what Stripe charges
    vat_country             text,
    vat_rate                numeric(7, 4),
    reverse_charge          boolean     not null default false,
    payment_methods         text        not null,                 -- card or card,sepa_debit
    checkout_session_id     text        unique,
    checkout_url            text,
    idempotency_key         text        not null unique,          -- the key of the Checkout Session POST
    created_at              timestamptz not null default now(),
    -- Stripe facts
    payment_intent_id       text        unique,
    charge_id               text,
    session_completed       boolean     not null default false,
    succeeded               boolean     not null default false,   -- completed with payment_status=paid, or async success
    failed                  boolean     not null default false,   -- async payment failed
    refunded_cents          bigint      not null default 0,       -- Stripe's amount_refunded (cumulative, so max wins)
    dispute_id              text,
    paid_at                 timestamptz,
    -- effects, each done once
    credits_granted         boolean     not null default false,
    dispute_debited_credits bigint      not null default 0,
    status                  text        not null default 'pending'
        check (status in ('pending', 'paid', 'failed', 'refunded', 'disputed'))
);
create index payment_account on payment (account_id, created_at);

-- The exactly-once record: one row per Stripe event id, inserted in the transaction that applies
-- the event (with its outbox rows). A delivery whose id is here already changes nothing.
-- An event about a payment we cannot identify yet is parked (applied = false) and applied as soon
-- as the payment it names becomes known.
create table stripe_event (
    event_id          text        primary key,
    type              text        not null,
    payment_intent_id text,
    payload           text        not null,
    applied           boolean     not null,
    received_at       timestamptz not null default now()
);
create index stripe_event_parked on stripe_event (payment_intent_id) where not applied;

-- A customer's refund request: the credits are held at the ledger first, then refunded newest payment first.
create table refund (
    refund_id        text        primary key,                    -- ours: ref_<uuid>, also the ledger hold's request id
    account_id       text        not null,
    credits          bigint      not null check (credits > 0),   -- credits held at the ledger
    hold_id          text        not null,
    refunded_credits bigint      not null default 0,
    status           text        not null check (status in ('held', 'refunded', 'failed')),
    override_reason  text,
    created_at       timestamptz not null default now()
);

-- One Stripe refund per payment touched by a refund request.
create table refund_part (
    refund_id        text        not null references refund (refund_id),
    payment_id       text        not null references payment (payment_id),
    credits          bigint      not null,
    amount_cents     bigint      not null,                       -- money returned for these credits
    stripe_refund_id text        unique,
    created_at       timestamptz not null default now(),
    primary key (refund_id, payment_id)
);
