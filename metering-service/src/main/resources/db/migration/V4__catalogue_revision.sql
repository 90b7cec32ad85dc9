-- The catalogue's revision: one number bumped by every statement that changes a versioned table, in the
-- same transaction. Metering keeps every version in memory to price usage; before each batch it reads this
-- one row, and loads the versions again only when the number moved. So a cached copy is never older than the
-- database at the moment the batch is priced, whatever wrote the change (the API, an import, plain SQL).
create table catalogue_revision (
    singleton boolean primary key default true check (singleton),
    revision  bigint  not null
);
insert into catalogue_revision (revision) values (1);

create function bump_catalogue_revision() returns trigger
    language plpgsql as $$
begin
    update catalogue_revision set revision = revision + 1;
    return null;
end;
$$;

create trigger model_price_bumps_revision after insert or update or delete or truncate on model_price
    for each statement execute function bump_catalogue_revision();
create trigger platform_fee_bumps_revision after insert or update or delete or truncate on platform_fee
    for each statement execute function bump_catalogue_revision();
create trigger exchange_rate_bumps_revision after insert or update or delete or truncate on exchange_rate
    for each statement execute function bump_catalogue_revision();
