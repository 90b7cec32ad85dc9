-- Read side (statements, "as of" balances, daily summaries, finance reports) queries the log
-- directly; these indexes keep those reads to the rows they need.

-- one account's entries by the time they happened (statements, as-of balance, daily summaries)
create index ledger_event_account_occurred_at on ledger_event (account_id, occurred_at) include (amount_micros, sequence);

-- all accounts by time and type (liability as of an instant, revenue and VAT for a period)
create index ledger_event_occurred_at_type on ledger_event (occurred_at, type) include (amount_micros, account_id);
