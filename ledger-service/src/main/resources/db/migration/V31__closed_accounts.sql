-- Closing an account (AccountClosed on the log): the projection remembers the sequence of the closing entry,
-- so every append knows the account is closed (it locks this row anyway) and the balances topic can say so
-- for each entry. Derived from the log like the balance: the projection rebuild sets it again.
alter table account_balance add column closed_sequence bigint;
