-- A dispute's outcome and refunds made in Stripe's dashboard, as Stripe facts (they only grow) and
-- effects done (credits given back once a dispute is won; credits debited for dashboard refunds).
alter table payment
    add column dispute_won                boolean not null default false,   -- charge.dispute.closed with status won
    add column dispute_amount_cents       bigint  not null default 0,       -- what the dispute took back (Stripe's dispute amount)
    add column dispute_reinstated_credits bigint  not null default 0,       -- credits given back when the dispute was won
    add column dashboard_debited_credits  bigint  not null default 0;       -- credits debited for refunds Tollgate did not request
