package dev.tollgate.ledger.finance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.BalanceAdjusted;
import dev.tollgate.contracts.CreditsReinstated;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PurchaseCredited;
import dev.tollgate.contracts.RefundDebited;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.ledger.books.Bookkeeper;
import dev.tollgate.ledger.books.Posting;
import dev.tollgate.ledger.books.UsageRevenueSplit;
import dev.tollgate.ledger.finance.FinanceReports.AsOfBalance;
import dev.tollgate.ledger.finance.FinanceReports.ClosedAccount;
import dev.tollgate.ledger.finance.FinanceReports.DailySummary;
import dev.tollgate.ledger.finance.FinanceReports.Liability;
import dev.tollgate.ledger.finance.FinanceReports.RevenueReport;
import dev.tollgate.ledger.finance.FinanceReports.RevenueRow;
import dev.tollgate.ledger.finance.FinanceReports.RevenueTotals;
import dev.tollgate.ledger.finance.FinanceReports.Statement;
import dev.tollgate.ledger.finance.FinanceReports.StatementEntry;
import dev.tollgate.ledger.finance.FinanceReports.TrialBalance;
import dev.tollgate.ledger.finance.FinanceReports.TrialBalanceLine;
import dev.tollgate.ledger.finance.FinanceReports.VatReport;
import dev.tollgate.ledger.finance.FinanceReports.VatRow;
import dev.tollgate.ledger.finance.FinanceReports.VatTotals;

/**
 * Finance reads, straight from the log (not from a separate read model): the log is in this same
 * database and indexed by account and time, so a statement or an "as of" balance reads exactly the
 * rows it needs, and there is no second copy to keep in step or rebuild.
 *
 * <p>Time: an entry belongs where it <em>happened</em> ({@code occurred_at}: the request's time for a
 * usage charge, the payment's for a top-up). "As of T" includes entries that happened at or before T;
 * a period is [from, to). Revenue is split per charge with {@link UsageRevenueSplit}, the same rule
 * the double-entry books use, so reports and books agree to the micro-unit.
 */
@ApplicationScoped
public class FinanceQueries {

    /** Customer credit accounts, summed into one line of the trial balance. */
    static final String CUSTOMER_CREDIT_TOTAL = "liability:customer-credit";

    private final DataSource dataSource;
    private final String currency;

    public FinanceQueries(DataSource dataSource, @ConfigProperty(name = "tollgate.ledger.currency") String currency) {
        this.dataSource = dataSource;
        this.currency = currency;
    }

    public boolean accountExists(String accountId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select 1 from ledger_event where account_id = ? and sequence = 1")) {
            query.setString(1, accountId);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    public AsOfBalance balanceAsOf(String accountId, Instant asOf) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select coalesce(sum(amount_micros), 0), count(*) from ledger_event where account_id = ? and occurred_at <= ?")) {
            query.setString(1, accountId);
            query.setTimestamp(2, Timestamp.from(asOf));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return new AsOfBalance(accountId, asOf, currency, result.getLong(1), result.getLong(2));
            }
        }
    }

    public Statement statement(String accountId, Instant from, Instant to) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            beginSnapshot(connection); // the opening balance and the entries from one snapshot of the log
            long opening = sumBefore(connection, accountId, from);
            List<StatementEntry> entries = new ArrayList<>();
            long running = opening;
            long credits = 0;
            long debits = 0;
            try (PreparedStatement query = connection.prepareStatement("""
                    select envelope::text, recorded_at, amount_micros from ledger_event
                    where account_id = ? and occurred_at >= ? and occurred_at < ? order by occurred_at, sequence""")) {
                query.setString(1, accountId);
                query.setTimestamp(2, Timestamp.from(from));
                query.setTimestamp(3, Timestamp.from(to));
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        long amount = result.getLong(3);
                        running += amount;
                        if (amount >= 0) {
                            credits += amount;
                        } else {
                            debits -= amount;
                        }
                        entries.add(entry(EventCodec.decode(result.getString(1), LedgerEvent.class), result.getTimestamp(2).toInstant(), running));
                    }
                }
            }
            Instant closedAt = closedBefore(connection, accountId, to);
            connection.commit();
            return new Statement(accountId, currency, from, to, opening, credits, debits, running, entries, closedAt);
        }
    }

    /** When the account was closed, if it happened before {@code to}; null otherwise. */
    private static Instant closedBefore(Connection connection, String accountId, Instant to) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select occurred_at from ledger_event where account_id = ? and type = 'AccountClosed' and occurred_at < ?")) {
            query.setString(1, accountId);
            query.setTimestamp(2, Timestamp.from(to));
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /** Closed accounts, oldest closing first; {@code unsettledOnly}: only those whose balance is not zero now. */
    public List<ClosedAccount> closedAccounts(boolean unsettledOnly) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     select b.account_id, b.currency, e.occurred_at, e.envelope->'payload'->>'reason', e.envelope->'payload'->>'author',
                            b.closed_sequence, b.balance_micros, b.last_sequence - b.closed_sequence
                     from account_balance b join ledger_event e on e.account_id = b.account_id and e.sequence = b.closed_sequence
                     where b.closed_sequence is not null and (not cast(? as boolean) or b.balance_micros <> 0)
                     order by e.occurred_at, b.account_id""")) {
            query.setBoolean(1, unsettledOnly);
            List<ClosedAccount> closed = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    closed.add(new ClosedAccount(result.getString(1), result.getString(2), result.getTimestamp(3).toInstant(),
                            result.getString(4), result.getString(5), result.getLong(6), result.getLong(7), result.getLong(8)));
                }
            }
            return closed;
        }
    }

    public List<DailySummary> dailySummaries(String accountId, Instant from, Instant to) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            beginSnapshot(connection);
            long running = sumBefore(connection, accountId, from);
            List<DailySummary> days = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    select (occurred_at at time zone 'UTC')::date as day, count(*),
                           coalesce(sum(amount_micros) filter (where amount_micros > 0), 0),
                           coalesce(-sum(amount_micros) filter (where amount_micros < 0), 0),
                           sum(amount_micros)
                    from ledger_event where account_id = ? and occurred_at >= ? and occurred_at < ?
                    group by 1 order by 1""")) {
                query.setString(1, accountId);
                query.setTimestamp(2, Timestamp.from(from));
                query.setTimestamp(3, Timestamp.from(to));
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        running += result.getLong(5);
                        days.add(new DailySummary(result.getObject(1, LocalDate.class), result.getLong(2), result.getLong(3),
                                result.getLong(4), running));
                    }
                }
            }
            connection.commit();
            return days;
        }
    }

    public Liability liabilityAsOf(Instant asOf) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     select count(*), coalesce(sum(greatest(balance, 0)), 0), coalesce(-sum(least(balance, 0)), 0)
                     from (select account_id, sum(amount_micros) as balance from ledger_event where occurred_at <= ? group by account_id) balances""")) {
            query.setTimestamp(1, Timestamp.from(asOf));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return new Liability(asOf, currency, result.getLong(1), result.getLong(2), result.getLong(3));
            }
        }
    }

    /** Usage revenue for [from, to), by period ({@code day} or {@code month}, UTC), model, provider, tier and routing mode. */
    public RevenueReport revenue(Instant from, Instant to, PeriodUnit unit) throws SQLException {
        Map<List<String>, long[]> groups = new TreeMap<>(FinanceQueries::compareKeys);
        forEachEntry("UsageCharged", from, to, (envelope) -> {
            UsageCharged charged = (UsageCharged) envelope.payload();
            UsageRevenueSplit split = UsageRevenueSplit.of(charged);
            List<String> key = List.of(unit.periodOf(envelope.occurredAt()), charged.model(), orNone(charged.provider()),
                    orNone(charged.tier()), charged.routingMode() == null ? "none" : charged.routingMode().name().toLowerCase());
            long[] sums = groups.computeIfAbsent(key, ignored -> new long[5]);
            sums[0] += 1;
            sums[1] += split.upstreamCostMicros();
            sums[2] += split.platformFeeMicros();
            sums[3] += split.marginMicros();
            sums[4] += split.totalMicros();
        });
        List<RevenueRow> rows = new ArrayList<>();
        long[] totals = new long[5];
        groups.forEach((key, sums) -> {
            rows.add(new RevenueRow(key.get(0), key.get(1), key.get(2), key.get(3), key.get(4), sums[0], sums[1], sums[2], sums[3],
                    sums[4]));
            for (int i = 0; i < totals.length; i++) {
                totals[i] += sums[i];
            }
        });
        return new RevenueReport(from, to, currency, unit.label(), rows,
                new RevenueTotals(totals[0], totals[1], totals[2], totals[3], totals[4]));
    }

    /** VAT collected on top-ups in [from, to), by period and VAT country. */
    public VatReport vat(Instant from, Instant to, PeriodUnit unit) throws SQLException {
        Map<List<String>, long[]> groups = new TreeMap<>(FinanceQueries::compareKeys);
        forEachEntry("PurchaseCredited", from, to, (envelope) -> {
            PurchaseCredited purchase = (PurchaseCredited) envelope.payload();
            long credited = purchase.amount().amountMicros();
            long fee = micros(purchase.processingFee());
            long vat = micros(purchase.vat());
            long gross = purchase.paidGross() == null ? credited + fee + vat : purchase.paidGross().amountMicros();
            long[] sums = groups.computeIfAbsent(List.of(unit.periodOf(envelope.occurredAt()), orNone(purchase.vatCountry())),
                    ignored -> new long[5]);
            sums[0] += 1;
            sums[1] += credited;
            sums[2] += fee;
            sums[3] += vat;
            sums[4] += gross;
        });
        List<VatRow> rows = new ArrayList<>();
        long[] totals = new long[5];
        groups.forEach((key, sums) -> {
            rows.add(new VatRow(key.get(0), key.get(1), sums[0], sums[1], sums[2], sums[3], sums[4]));
            for (int i = 0; i < totals.length; i++) {
                totals[i] += sums[i];
            }
        });
        return new VatReport(from, to, currency, unit.label(), rows, new VatTotals(totals[0], totals[1], totals[2], totals[3], totals[4]));
    }

    public TrialBalance trialBalance(Instant asOf) throws SQLException {
        Map<String, long[]> lines = new TreeMap<>();
        forEachEntry(null, Instant.EPOCH, asOf.plusNanos(1_000), envelope -> { // at or before asOf (microsecond precision)
            for (Posting posting : Bookkeeper.journalFor(envelope.accountId(), envelope.payload()).postings()) {
                String account = posting.account().isCustomerCredit() ? CUSTOMER_CREDIT_TOTAL : posting.account().name();
                long[] sums = lines.computeIfAbsent(account, ignored -> new long[2]);
                sums[posting.side() == Posting.Side.DEBIT ? 0 : 1] += posting.amount().amountMicros();
            }
        });
        List<TrialBalanceLine> accounts = new ArrayList<>();
        long debits = 0;
        long credits = 0;
        for (Map.Entry<String, long[]> line : lines.entrySet()) {
            long[] sums = line.getValue();
            accounts.add(new TrialBalanceLine(line.getKey(), sums[0], sums[1], sums[1] - sums[0]));
            debits += sums[0];
            credits += sums[1];
        }
        return new TrialBalance(asOf, currency, accounts, debits, credits);
    }

    private interface EntryHandler {
        void handle(EventEnvelope<LedgerEvent> envelope);
    }

    /** Every entry of {@code type} (null: of any type) that happened in [from, to), streamed. */
    private void forEachEntry(String type, Instant from, Instant to, EntryHandler handler) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // lets the driver stream with a fetch size instead of loading every row
            try (PreparedStatement query = connection.prepareStatement(
                    "select envelope::text from ledger_event where (cast(? as text) is null or type = ?) and occurred_at >= ? and occurred_at < ?")) {
                query.setFetchSize(2_000);
                query.setString(1, type);
                query.setString(2, type);
                query.setTimestamp(3, Timestamp.from(from));
                query.setTimestamp(4, Timestamp.from(to));
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        handler.handle(EventCodec.decode(result.getString(1), LedgerEvent.class));
                    }
                }
            }
            connection.commit();
        }
    }

    /**
     * Starts a read-only repeatable-read transaction (only this one: the pooled connection keeps its
     * defaults for the next user). The caller commits.
     */
    private static void beginSnapshot(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        // java.sql.Statement spelled out: FinanceReports.Statement is the account statement here
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("set transaction isolation level repeatable read, read only");
        }
    }

    private static long sumBefore(Connection connection, String accountId, Instant from) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select coalesce(sum(amount_micros), 0) from ledger_event where account_id = ? and occurred_at < ?")) {
            query.setString(1, accountId);
            query.setTimestamp(2, Timestamp.from(from));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static StatementEntry entry(EventEnvelope<LedgerEvent> envelope, Instant recordedAt, long running) {
        LedgerEvent event = envelope.payload();
        String type = envelope.type();
        StatementEntry base = new StatementEntry(event.sequence(), type, envelope.occurredAt(), recordedAt, event.amount().amountMicros(),
                running, event.balanceAfter().amountMicros(), envelope.causationId(),
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        if (event instanceof UsageCharged charged) {
            UsageRevenueSplit split = UsageRevenueSplit.of(charged);
            return new StatementEntry(base.sequence(), type, base.occurredAt(), recordedAt, base.amountMicros(), running,
                    base.balanceAfterMicros(), base.causationId(), charged.requestId(), charged.model(), charged.provider(),
                    charged.tier(), charged.routingMode(), split.upstreamCostMicros(), split.platformFeeMicros(), split.marginMicros(),
                    charged.breakdown(), null, null, null, null);
        }
        if (event instanceof PurchaseCredited purchase) {
            return withPaymentRefundReason(base, purchase.paymentId(), null, null, null);
        }
        if (event instanceof RefundDebited refund) {
            return withPaymentRefundReason(base, refund.paymentId(), refund.refundId(), null, null);
        }
        if (event instanceof CreditsReinstated reinstated) { // the refund id of the dispute's debit it gives back
            return withPaymentRefundReason(base, reinstated.paymentId(), reinstated.disputeId(), "dispute won", null);
        }
        if (event instanceof BalanceAdjusted adjusted) {
            return withPaymentRefundReason(base, null, null, adjusted.reason(), adjusted.author());
        }
        if (event instanceof AccountClosed closed) {
            return withPaymentRefundReason(base, null, null, closed.reason(), closed.author());
        }
        return base;
    }

    private static StatementEntry withPaymentRefundReason(StatementEntry base, String paymentId, String refundId, String reason, String author) {
        return new StatementEntry(base.sequence(), base.type(), base.occurredAt(), base.recordedAt(), base.amountMicros(),
                base.runningBalanceMicros(), base.balanceAfterMicros(), base.causationId(), null, null, null, null, null, null, null,
                null, null, paymentId, refundId, reason, author);
    }

    private static long micros(Money money) {
        return money == null ? 0 : money.amountMicros();
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }

    private static int compareKeys(List<String> left, List<String> right) {
        for (int i = 0; i < left.size(); i++) {
            int compared = left.get(i).compareTo(right.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return 0;
    }

    /** Reporting periods, in UTC. */
    public enum PeriodUnit {
        DAY, MONTH;

        String periodOf(Instant instant) {
            LocalDate day = instant.atOffset(ZoneOffset.UTC).toLocalDate();
            return this == DAY ? day.toString() : day.toString().substring(0, 7);
        }

        String label() {
            return name().toLowerCase();
        }
    }
}
