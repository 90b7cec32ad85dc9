package dev.tollgate.ledger.finance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.RoutingMode;

/** What the finance queries answer. Amounts are whole micro-units of {@code currency}. */
public final class FinanceReports {

    private FinanceReports() {
    }

    /** Balance of an account as of an instant: every entry that happened at or before it. */
    public record AsOfBalance(String accountId, Instant asOf, String currency, long balanceMicros, long entries) {
    }

    /**
     * An account's statement for [from, to): the opening balance (entries before {@code from}), each
     * entry, and the closing balance (opening + the entries). Entries in the order they happened.
     *
     * @param closedAt when the account was closed, if that happened before {@code to} (its {@code AccountClosed}
     *                 entry, with reason and author, is among the entries of the period it happened in)
     */
    public record Statement(String accountId, String currency, Instant from, Instant to, long openingBalanceMicros,
                            long creditsMicros, long debitsMicros, long closingBalanceMicros, List<StatementEntry> entries,
                            Instant closedAt) {
    }

    /**
     * A closed account, for finance: when and why it was closed, and what its balance is now. A balance other
     * than zero means facts arrived after closing (a payment taken, a late usage charge) and need settling.
     *
     * @param entriesAfterClosing entries appended after the closing one
     */
    public record ClosedAccount(String accountId, String currency, Instant closedAt, String reason, String closedBy,
                                long closedAtSequence, long balanceMicros, long entriesAfterClosing) {
    }

    /**
     * One entry with its detail: a usage charge carries the request, model, provider, the revenue split
     * and the whole price breakdown; a purchase its payment; an adjustment its reason and author.
     *
     * @param runningBalanceMicros balance after this entry in the statement's order (by when it happened)
     * @param balanceAfterMicros   balance after this entry in the log's order (by sequence)
     */
    public record StatementEntry(long sequence, String type, Instant occurredAt, Instant recordedAt, long amountMicros,
                                 long runningBalanceMicros, long balanceAfterMicros, String causationId,
                                 String requestId, String model, String provider, String tier, RoutingMode routingMode,
                                 Long upstreamCostMicros, Long platformFeeMicros, Long marginMicros, PriceBreakdown breakdown,
                                 String paymentId, String refundId, String reason, String author) {
    }

    /** One day (UTC) of an account: entries, money in and out, and the balance at the end of the day. */
    public record DailySummary(LocalDate day, long entries, long creditsMicros, long debitsMicros, long closingBalanceMicros) {
    }

    /**
     * What customers have prepaid and not used, as of an instant. An overdrawn account (possible only
     * through a usage fact beyond the balance) is not a liability: it is shown apart, as owed to us.
     */
    public record Liability(Instant asOf, String currency, long accounts, long liabilityMicros, long overdrawnMicros) {
    }

    /** Usage revenue of one period, model, provider, tier and routing mode, split as in the books. */
    public record RevenueRow(String period, String model, String provider, String tier, String routingMode, long requests,
                             long upstreamCostMicros, long platformFeeMicros, long marginMicros, long totalMicros) {
    }

    public record RevenueTotals(long requests, long upstreamCostMicros, long platformFeeMicros, long marginMicros, long totalMicros) {
    }

    public record RevenueReport(Instant from, Instant to, String currency, String periodUnit, List<RevenueRow> rows,
                                RevenueTotals totals) {
    }

    /** VAT collected on top-ups of one period and country ({@code none} where no VAT applied). */
    public record VatRow(String period, String country, long payments, long creditedMicros, long processingFeeMicros,
                         long vatMicros, long grossMicros) {
    }

    public record VatTotals(long payments, long creditedMicros, long processingFeeMicros, long vatMicros, long grossMicros) {
    }

    public record VatReport(Instant from, Instant to, String currency, String periodUnit, List<VatRow> rows, VatTotals totals) {
    }

    /**
     * The books as of an instant: every book account's debits, credits and balance (credits minus
     * debits), from the journal of every entry that happened at or before it. Customer credit accounts
     * are summed into one line ({@code liability:customer-credit}); one account's is its statement.
     */
    public record TrialBalance(Instant asOf, String currency, List<TrialBalanceLine> accounts, long debitsMicros, long creditsMicros) {
    }

    public record TrialBalanceLine(String account, long debitsMicros, long creditsMicros, long creditMinusDebitMicros) {
    }
}
