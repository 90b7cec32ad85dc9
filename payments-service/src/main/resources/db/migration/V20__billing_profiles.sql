-- Billing profiles with their history: a change is a new row valid from its time; nothing is overwritten,
-- so the block in force when a payment was made can always be read back for its invoice.
create table billing_profile_version (
    id             bigserial primary key,
    account_id     text        not null,
    valid_from     timestamptz not null,
    legal_name     text        not null,
    address_lines  text[]      not null,
    postcode       text        not null,
    city           text        not null,
    country        char(2)     not null,
    vat_number     text,
    email          text        not null,
    business       boolean     not null,
    recorded_by    text        not null,
    unique (account_id, valid_from)
);

create function billing_profile_version_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'billing_profile_version is append-only: add a new version instead';
end $$;

create trigger billing_profile_version_append_only before update or delete on billing_profile_version
    for each row execute function billing_profile_version_is_append_only();
