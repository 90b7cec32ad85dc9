package dev.tollgate.router.controlplane.persistence;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Accounts and their management credentials (SHA-256 of the token only). */
@ApplicationScoped
public class AccountTable {

    private final Pool pool;

    public AccountTable(Pool pool) {
        this.pool = pool;
    }

    /** Creates the account and its first management credential in one transaction. */
    public Uni<AccountRecord> create(String accountId, String name, String credentialId, byte[] tokenSha256) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("insert into account (id, name) values ($1, $2) returning id, name, status, created_at")
                .execute(Tuple.of(accountId, name))
                .map(rows -> account(Rows.first(rows)))
                .call(account -> connection
                        .preparedQuery("insert into management_credential (credential_id, account_id, token_sha256) values ($1, $2, $3)")
                        .execute(Tuple.of(credentialId, accountId, Rows.bytea(tokenSha256)))));
    }

    /** Creates the account unless it exists (then nothing changes). */
    public Uni<Void> ensure(String accountId, String name) {
        return pool.preparedQuery("insert into account (id, name) values ($1, $2) on conflict (id) do nothing")
                .execute(Tuple.of(accountId, name)).replaceWithVoid();
    }

    public Uni<Optional<AccountRecord>> find(String accountId) {
        return pool.preparedQuery("select id, name, status, created_at from account where id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> Optional.ofNullable(Rows.first(rows)).map(AccountTable::account));
    }

    /** The account a management token (by its SHA-256) may manage, unless revoked. */
    public Uni<Optional<String>> accountOfManagementToken(byte[] tokenSha256) {
        return pool.preparedQuery("select account_id from management_credential where token_sha256 = $1 and revoked_at is null")
                .execute(Tuple.of(Rows.bytea(tokenSha256)))
                .map(rows -> Optional.ofNullable(Rows.first(rows)).map(row -> row.getString("account_id")));
    }

    private static AccountRecord account(Row row) {
        return new AccountRecord(row.getString("id"), row.getString("name"), row.getString("status"),
                Rows.instant(row, "created_at"));
    }
}
