-- Grants: a hold placed for a (router instance, account) instead of one request. The router spends it in
-- memory over many requests; each UsageCharged naming the grant (its holdId) draws the reservation down by
-- the charge, and settling it (capture with the total the router used) keeps reserved only what is used
-- and not charged yet. Per-request holds (kind 'request') keep working as before.
alter table account_hold
    add column kind           text   not null default 'request' check (kind in ('request', 'grant')),
    -- the sum of the charges that named this hold (a grant's draw-down; for a request hold, its one charge)
    add column charged_micros bigint not null default 0 check (charged_micros >= 0);
