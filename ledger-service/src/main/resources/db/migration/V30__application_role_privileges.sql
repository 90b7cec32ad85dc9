-- Append-only by privileges too, not only by triggers. These migrations run as the database's owner; the
-- service runs as an application role (${app_role}) that may read and append to the log and nothing else
-- there: no UPDATE, DELETE or TRUNCATE (refused by privilege before any trigger fires), and no DDL (only the
-- owner may drop or disable the append-only triggers, alter or drop a table; PostgreSQL 15+ gives PUBLIC no
-- CREATE on the public schema). If the service is configured to run as the owner, these grants are no-ops
-- and the triggers are the only guard left.

-- the log: read and append
grant select, insert on ledger_event to "${app_role}";
-- the balance projection: every append updates it; the rebuild locks it (EXCLUSIVE needs UPDATE) and rewrites it
grant select, insert, update on account_balance to "${app_role}";
-- holds: placed (insert), then captured, released, expired or settled by their charge (update); never deleted
grant select, insert, update on account_hold to "${app_role}";
-- the inbox: one row per applied cause, never changed
grant select, insert on ledger_inbox to "${app_role}";

-- Tables that later migrations create are read and written by the service, never deleted from. A table that
-- must be append-only like the log revokes UPDATE from the application role in the migration that creates it.
alter default privileges in schema public grant select, insert, update on tables to "${app_role}";
alter default privileges in schema public grant usage, select on sequences to "${app_role}";

-- Debezium reads the log through a replication connection as a role of its own (REPLICATION, SELECT on the log
-- for its initial snapshot). Locally that is ${publisher_role}; where another role streams the log (Kubernetes:
-- Kafka Connect's debezium role, which reads through pg_read_all_data) the role may not exist here.
do $$
begin
    if exists (select from pg_roles where rolname = '${publisher_role}') then
        execute format('grant select on ledger_event to %I', '${publisher_role}');
    else
        raise notice 'role ${publisher_role} does not exist: no embedded log publisher reads this database';
    end if;
end
$$;

-- The publication Debezium streams: the log table only. It needs the table's owner, so it is created here and
-- not by Debezium (publication.autocreate.mode=disabled). It may exist already (created by an older version's
-- Debezium, or by the cluster operator's Publication resource).
do $$
begin
    if not exists (select from pg_publication where pubname = '${publication}') then
        execute format('create publication %I for table ledger_event', '${publication}');
    end if;
end
$$;
