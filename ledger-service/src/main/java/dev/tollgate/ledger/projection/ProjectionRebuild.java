package dev.tollgate.ledger.projection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the balance projection ({@code account_balance.balance_micros}, {@code last_sequence} and
 * {@code closed_sequence}) and rebuilds it from the log, then proves the result equals what was there: a
 * checksum of every account's balance, sequence and closing before and after, and the accounts that differ.
 *
 * <p>Plain JDBC on purpose: the same code runs behind the admin endpoint and in the benchmark,
 * which needs no Quarkus. The replay is a fold of the log in SQL (balance = sum of the signed
 * amounts, last sequence = the highest, closed at the sequence of its {@code AccountClosed}), the fastest
 * way to read a million rows; the log is also
 * checked against itself (no sequence gap, {@code balance_after_micros} of the last entry equals
 * the replayed balance).
 *
 * <p>Concurrency: the projection table is locked {@code EXCLUSIVE} for the rebuild, so appends
 * (which lock their account's row) wait for it; reads of the log are not blocked. Everything happens
 * in one transaction: a failure leaves the old projection in place.
 */
public final class ProjectionRebuild {

    private static final String CHECKSUM = """
            select count(*), coalesce(md5(string_agg(account_id || ':' || balance_micros || ':' || last_sequence
                                                     || ':' || coalesce(closed_sequence::text, 'open'), ',' order by account_id)), '')
            from account_balance""";

    private ProjectionRebuild() {
    }

    public static RebuildReport rebuild(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long started = System.nanoTime();
        try (Statement sql = connection.createStatement()) {
            sql.execute("lock table account_balance in exclusive mode");
            String checksumBefore = checksum(sql);
            sql.execute("create temp table previous_balance on commit drop as "
                    + "select account_id, balance_micros, last_sequence, closed_sequence from account_balance");

            // replay the log: one row per account
            long events;
            sql.execute("""
                    create temp table replayed on commit drop as
                    select account_id,
                           min(currency)                                         as currency,
                           sum(amount_micros)                                     as balance_micros,
                           max(sequence)                                          as last_sequence,
                           count(*)                                               as entries,
                           (array_agg(balance_after_micros order by sequence desc))[1] as logged_balance_micros,
                           max(sequence) filter (where type = 'AccountClosed')    as closed_sequence
                    from ledger_event group by account_id""");
            try (ResultSet counted = sql.executeQuery("select coalesce(sum(entries), 0) from replayed")) {
                counted.next();
                events = counted.getLong(1);
            }
            List<String> logInconsistencies = strings(sql, """
                    select account_id || ': ' || case when entries <> last_sequence then 'sequence gap' else 'balance_after differs from replay' end
                    from replayed where entries <> last_sequence or logged_balance_micros <> balance_micros
                    order by account_id limit 100""");

            // drop the projection's balances, then fill them from the replay
            sql.executeUpdate("update account_balance set balance_micros = 0, last_sequence = 0, closed_sequence = null");
            sql.executeUpdate("""
                    update account_balance b set balance_micros = r.balance_micros, last_sequence = r.last_sequence,
                                                 closed_sequence = r.closed_sequence, updated_at = now()
                    from replayed r where r.account_id = b.account_id""");
            sql.executeUpdate("""
                    insert into account_balance (account_id, currency, balance_micros, last_sequence, closed_sequence, updated_at)
                    select r.account_id, r.currency, r.balance_micros, r.last_sequence, r.closed_sequence, now() from replayed r
                    where not exists (select 1 from account_balance b where b.account_id = r.account_id)""");

            String checksumAfter = checksum(sql);
            List<String> differing = strings(sql, """
                    select coalesce(p.account_id, b.account_id) from previous_balance p
                    full join account_balance b on b.account_id = p.account_id
                    where p.account_id is null or b.account_id is null
                       or p.balance_micros <> b.balance_micros or p.last_sequence <> b.last_sequence
                       or p.closed_sequence is distinct from b.closed_sequence
                    order by 1 limit 100""");
            long accounts;
            try (ResultSet counted = sql.executeQuery("select count(*) from account_balance")) {
                counted.next();
                accounts = counted.getLong(1);
            }
            connection.commit();
            long elapsedNanos = System.nanoTime() - started;
            long elapsedMillis = elapsedNanos / 1_000_000;
            long eventsPerSecond = elapsedNanos == 0 ? events : events * 1_000_000_000L / elapsedNanos;
            return new RebuildReport(accounts, events, checksumBefore, checksumAfter,
                    differing.isEmpty() && checksumBefore.equals(checksumAfter), differing, logInconsistencies,
                    elapsedMillis, eventsPerSecond);
        } catch (SQLException | RuntimeException failure) {
            connection.rollback();
            throw failure;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String checksum(Statement sql) throws SQLException {
        try (ResultSet result = sql.executeQuery(CHECKSUM)) {
            result.next();
            return result.getLong(1) + " accounts, md5 " + result.getString(2);
        }
    }

    private static List<String> strings(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet result = sql.executeQuery(query)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}
