-- Holds: credits reserved for a gateway request before its upstream call (authorise, then capture).
-- Every change of a hold is also an entry of ledger_event (HoldPlaced, HoldCaptured, HoldReleased,
-- HoldExpired), appended in the same transaction; this table is the holds' current state, derived
-- from the log, kept apart from account_balance (which is rebuilt from the log by its own command).
create table account_hold (
    hold_id          text        primary key,               -- chosen by the router: placing it again is a no-op
    account_id       text        not null,
    request_id       text        not null,                   -- the gateway request; its UsageCharged settles the hold
    currency         char(3)     not null,
    held_micros      bigint      not null check (held_micros > 0),
    -- what the hold still keeps from the available balance: held while open, the captured amount
    -- after capture until the request's charge is appended, then zero
    reserved_micros  bigint      not null check (reserved_micros >= 0 and reserved_micros <= held_micros),
    captured_micros  bigint               check (captured_micros >= 0 and captured_micros <= held_micros),
    status           text        not null check (status in ('open', 'captured', 'released', 'expired')),
    charged          boolean     not null default false,     -- the request's UsageCharged is on the log
    placed_at        timestamptz not null,
    expires_at       timestamptz not null,
    closed_at        timestamptz
);

-- available balance = balance - sum(reserved) of the account's holds still reserving something
create index account_hold_reserving on account_hold (account_id) include (reserved_micros) where reserved_micros > 0;
-- the expiry job looks for open holds past their time
create index account_hold_open_by_expiry on account_hold (expires_at) where status = 'open';
-- a usage charge settles the hold of its request
create index account_hold_by_request on account_hold (account_id, request_id);
