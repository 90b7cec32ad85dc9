package dev.tollgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.HoldReleased;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Many concurrent holds at one account, from several HTTP clients at once, against the real service
 * and PostgreSQL: exactly as many holds are accepted as the balance covers, the available balance
 * never goes below zero at any entry of the log, and every credit is accounted for.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class HoldConcurrencyTest {

    private static final int CLIENTS = 6;
    private static final int THREADS = 48;
    private static final long INITIAL_MICROS = 1_000_000;
    private static final long HOLD_MICROS = 3_000;

    @TestHTTPResource("/internal/holds")
    URI holdsUri;

    @Inject
    TestLedger ledger;

    private ConcurrentPosts posts;

    @BeforeEach
    void connect() {
        posts = new ConcurrentPosts(CLIENTS, THREADS);
    }

    @AfterEach
    void disconnect() {
        posts.close();
    }

    @Test
    void concurrentHoldsNeverOverdrawAndEveryCreditIsAccountedFor() throws Exception {
        String account = TestLedger.newAccount("acct_race");
        ledger.fund(account, INITIAL_MICROS);

        // wave 1: 600 holds of 3,000 at once on 1,000,000: exactly 333 fit
        List<Integer> wave1 = fireAll(600, i -> place(i, account, "w1_" + i));
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < wave1.size(); i++) {
            assertThat(wave1.get(i)).as("hold %d answered", i).isIn(201, 402);
            if (wave1.get(i) == 201) {
                accepted.add(i);
            }
        }
        assertThat(accepted).as("accepted holds").hasSize((int) (INITIAL_MICROS / HOLD_MICROS));

        // wave 2, all at once: a third of the accepted holds captured at 2,000, a third released, a third
        // left open, while 300 new holds compete for what the captures and releases give back
        List<Callable<Integer>> wave2 = new ArrayList<>();
        List<String> captured = new ArrayList<>();
        int released = 0;
        for (int n = 0; n < accepted.size(); n++) {
            String holdId = account + "_w1_" + accepted.get(n);
            int client = n;
            if (n % 3 == 0) {
                captured.add(holdId);
                wave2.add(() -> posts.post(client, holdsUri + "/" + holdId + "/capture", "{\"amountMicros\":2000}"));
            } else if (n % 3 == 1) {
                released++;
                wave2.add(() -> posts.post(client, holdsUri + "/" + holdId + "/release", ""));
            }
        }
        for (int i = 0; i < 300; i++) {
            int index = i;
            wave2.add(() -> place(index, account, "w2_" + index));
        }
        List<Integer> wave2Statuses = posts.fire(wave2);
        int changes = captured.size() + released;
        assertThat(wave2Statuses.subList(0, changes)).as("captures and releases").containsOnly(200);
        long acceptedInWave2 = wave2Statuses.subList(changes, wave2Statuses.size()).stream().filter(s -> s == 201).count();
        assertThat(wave2Statuses.subList(changes, wave2Statuses.size())).containsOnly(201, 402);

        // what wave 2 could fit: the balance minus what stays reserved (open holds at 3,000, captures at 2,000)
        long openFromWave1 = accepted.size() - captured.size() - released;
        long stillReserved = openFromWave1 * HOLD_MICROS + captured.size() * 2_000L;
        // wave-2 holds compete with captures and releases still in flight, so at most this many fit
        assertThat(acceptedInWave2).isLessThanOrEqualTo((INITIAL_MICROS - stillReserved) / HOLD_MICROS).isPositive();

        // metering prices each captured request at 1,900: the charges settle their holds
        for (String holdId : captured) {
            String requestId = "req_" + holdId;
            ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced(requestId, 1_900)));
        }
        long charged = captured.size() * 1_900L;
        ledger.awaitBalance(account, INITIAL_MICROS - charged);

        long openHolds = ledger.count("select count(*) from account_hold where account_id = '" + account + "' and status = 'open'");
        assertThat(openHolds).isEqualTo(openFromWave1 + acceptedInWave2);
        long reserved = ledger.count("select coalesce(sum(reserved_micros), 0) from account_hold where account_id = '" + account + "'");
        assertThat(reserved).as("only open holds reserve once their charges are in").isEqualTo(openHolds * HOLD_MICROS);
        assertThat(INITIAL_MICROS - charged - reserved).as("available").isNotNegative();
        assertThat(ledger.count("select coalesce(sum(amount_micros), 0) from ledger_event where account_id = '" + account + "'"))
                .as("every credit accounted for: purchases minus charges").isEqualTo(INITIAL_MICROS - charged);

        assertAvailableNeverNegativeAlongTheLog(account);
    }

    /** Replays the account's log in sequence order and checks balance and available after every entry. */
    private void assertAvailableNeverNegativeAlongTheLog(String account) throws Exception {
        Map<String, Long> reservedByRequest = new HashMap<>();
        long balance = 0;
        long lastSequence = 0;
        try (Connection connection = DriverManager.getConnection(ledger.jdbcUrl(), "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select envelope::text from ledger_event where account_id = '" + account + "' order by sequence")) {
            while (rows.next()) {
                LedgerEvent entry = (LedgerEvent) EventCodec.decode(rows.getString(1)).payload();
                assertThat(entry.sequence()).as("gap-free").isEqualTo(lastSequence + 1);
                lastSequence = entry.sequence();
                balance += entry.amount().amountMicros();
                assertThat(entry.balanceAfter().amountMicros()).isEqualTo(balance);
                if (entry instanceof HoldPlaced placed) {
                    reservedByRequest.put(placed.requestId(), placed.held().amountMicros());
                } else if (entry instanceof HoldCaptured capture) {
                    reservedByRequest.computeIfPresent(capture.requestId(), (request, held) -> capture.captured().amountMicros());
                } else if (entry instanceof HoldReleased release) {
                    reservedByRequest.remove(release.requestId());
                } else if (entry instanceof HoldExpired expiry) {
                    reservedByRequest.remove(expiry.requestId());
                } else if (entry instanceof UsageCharged charge) {
                    reservedByRequest.put(charge.requestId(), 0L);
                }
                long available = balance - reservedByRequest.values().stream().mapToLong(Long::longValue).sum();
                assertThat(balance).as("balance after entry %d", entry.sequence()).isNotNegative();
                assertThat(available).as("available after entry %d", entry.sequence()).isNotNegative();
            }
        }
    }

    private int place(int index, String account, String suffix) throws Exception {
        String holdId = account + "_" + suffix;
        String body = "{\"accountId\":\"" + account + "\",\"holdId\":\"" + holdId + "\",\"requestId\":\"req_" + holdId
                + "\",\"amountMicros\":" + HOLD_MICROS + ",\"currency\":\"EUR\",\"expiresInSeconds\":600}";
        return posts.post(index, holdsUri.toString(), body);
    }

    @FunctionalInterface
    private interface Call {
        int run(int index) throws Exception;
    }

    private List<Integer> fireAll(int count, Call call) throws Exception {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            calls.add(() -> call.run(index));
        }
        return posts.fire(calls);
    }
}
