package dev.tollgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.HoldKind;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.HoldReleased;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.RefundDebited;
import dev.tollgate.contracts.UsageCharged;

/**
 * An account's log read back in sequence order, and the holds' reservations replayed from the log alone (the
 * rules written out again, independently of the service): what every hold and grant reserves after each entry.
 * That the replay ends where {@code account_hold} is shows the log carries everything the reservations depend on.
 */
final class HoldLog {

    private final List<EventEnvelope<?>> entries;

    private HoldLog(List<EventEnvelope<?>> entries) {
        this.entries = entries;
    }

    static HoldLog of(TestLedger ledger, String account) throws SQLException {
        List<EventEnvelope<?>> entries = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(ledger.jdbcUrl(), "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select envelope::text from ledger_event where account_id = '" + account + "' order by sequence")) {
            while (rows.next()) {
                entries.add(EventCodec.decode(rows.getString(1)));
            }
        }
        return new HoldLog(entries);
    }

    List<String> types() {
        return entries.stream().<String>map(EventEnvelope::type).toList();
    }

    /**
     * Replays the log entry by entry: the sequence is gap-free, each entry's balance is the sum of the amounts so
     * far, and neither the balance nor the available balance (balance minus every reservation) is ever negative.
     *
     * @return what each hold reserves after the last entry, by hold id
     */
    Map<String, Long> replayNeverBelowZero() {
        Map<String, ReplayedHold> holds = new HashMap<>();
        long balance = 0;
        long lastSequence = 0;
        for (EventEnvelope<?> envelope : entries) {
            LedgerEvent entry = (LedgerEvent) envelope.payload();
            assertThat(entry.sequence()).as("gap-free").isEqualTo(lastSequence + 1);
            lastSequence = entry.sequence();
            balance += entry.amount().amountMicros();
            assertThat(entry.balanceAfter().amountMicros()).isEqualTo(balance);
            if (entry instanceof HoldPlaced placed) {
                holds.put(placed.holdId(), new ReplayedHold(placed.kindOrRequest(), placed.requestId(), placed.held().amountMicros()));
            } else if (entry instanceof HoldCaptured capture) {
                ReplayedHold hold = holds.get(capture.holdId());
                long captured = capture.captured().amountMicros();
                hold.reserved = hold.kind == HoldKind.GRANT ? Math.max(0, captured - hold.chargedMicros) : hold.charged ? 0 : captured;
            } else if (entry instanceof HoldReleased release) {
                holds.get(release.holdId()).reserved = 0;
            } else if (entry instanceof HoldExpired expiry) {
                holds.get(expiry.holdId()).reserved = 0;
            } else if (entry instanceof UsageCharged charge) {
                long debit = -charge.amount().amountMicros();
                ReplayedHold named = charge.holdId() == null ? null : holds.get(charge.holdId());
                if (named != null) {
                    named.charge(debit);
                } else {
                    holds.values().stream().filter(hold -> hold.kind == HoldKind.REQUEST && hold.requestId.equals(charge.requestId()))
                            .forEach(hold -> hold.charge(debit));
                }
            } else if (entry instanceof RefundDebited refund) {
                holds.values().stream().filter(hold -> hold.kind == HoldKind.REQUEST && hold.requestId.equals(refund.refundId()))
                        .forEach(hold -> hold.charge(-refund.amount().amountMicros()));
            }
            long reserved = holds.values().stream().mapToLong(hold -> hold.reserved).sum();
            assertThat(balance).as("balance after entry %d (%s)", entry.sequence(), envelope.type()).isNotNegative();
            assertThat(balance - reserved).as("available after entry %d (%s)", entry.sequence(), envelope.type()).isNotNegative();
        }
        Map<String, Long> reservedByHold = new HashMap<>();
        holds.forEach((holdId, hold) -> reservedByHold.put(holdId, hold.reserved));
        return reservedByHold;
    }

    private static final class ReplayedHold {
        final HoldKind kind;
        final String requestId;
        long reserved;
        long chargedMicros;
        boolean charged;

        ReplayedHold(HoldKind kind, String requestId, long held) {
            this.kind = kind;
            this.requestId = requestId;
            this.reserved = held;
        }

        void charge(long debit) {
            reserved = kind == HoldKind.GRANT ? Math.max(0, reserved - debit) : 0;
            chargedMicros += debit;
            charged = true;
        }
    }
}
