-- The sweeper looks for captured holds still waiting for their request's charge, oldest capture first
-- (closed_at is when a hold stopped being open: its capture).
create index account_hold_captured_waiting_for_charge on account_hold (closed_at) where status = 'captured' and reserved_micros > 0;
