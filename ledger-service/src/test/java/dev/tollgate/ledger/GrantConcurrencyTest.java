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

import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Grants of many router instances and per-request holds at one account, all at once, from several HTTP
 * clients, while charges naming the grants arrive through Kafka: never more is granted or held than the
 * balance covers, the balance and the available balance are never negative at any entry of the log, and
 * the reservations replayed from the log alone end where the service's are.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class GrantConcurrencyTest {

    private static final int CLIENTS = 6;
    private static final int THREADS = 48;
    private static final long INITIAL_MICROS = 1_000_000;
    private static final long GRANT_MICROS = 20_000;
    private static final long HOLD_MICROS = 3_000;
    private static final int CHARGES_PER_GRANT = 4;
    private static final long CHARGE_MICROS = 2_500;
    private static final long USED_PER_SETTLED_GRANT = 12_000;

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
    void concurrentGrantsAndHoldsNeverOverdrawWhileChargesDrawTheGrantsDown() throws Exception {
        String account = TestLedger.newAccount("acct_grants");
        ledger.fund(account, INITIAL_MICROS);

        // wave 1: 30 grants of 20,000 (30 router instances) and 300 holds of 3,000 at once, 1,500,000 asked of 1,000,000
        List<Callable<Integer>> wave1 = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int index = i;
            wave1.add(() -> placeGrant(index, account, grantId(account, "w1", index)));
        }
        for (int i = 0; i < 300; i++) {
            int index = i;
            wave1.add(() -> placeHold(index, account, holdId(account, "w1", index)));
        }
        List<Integer> statuses = posts.fire(wave1);
        assertThat(statuses).containsOnly(201, 402);
        List<Integer> grants = accepted(statuses.subList(0, 30));
        List<Integer> holds = accepted(statuses.subList(30, statuses.size()));
        long granted = grants.size() * GRANT_MICROS + holds.size() * HOLD_MICROS;
        assertThat(granted).as("granted and held").isLessThanOrEqualTo(INITIAL_MICROS);
        // the available balance only shrinks in wave 1: whatever was refused did not fit at the end either
        if (holds.size() < 300) {
            assertThat(INITIAL_MICROS - granted).as("left after a refused hold").isLessThan(HOLD_MICROS);
        }
        if (grants.size() < 30) {
            assertThat(INITIAL_MICROS - granted).as("left after a refused grant").isLessThan(GRANT_MICROS);
        }
        assertThat(grants).as("grants placed").isNotEmpty();

        // wave 2: four charges of 2,500 name every grant (through Kafka), while half of the grants are settled
        // with 12,000 used, a third of the holds captured at 2,000 and a third released, and 10 new grants and
        // 100 new holds compete for what comes back
        long charged = 0;
        for (int grant : grants) {
            for (int n = 0; n < CHARGES_PER_GRANT; n++) {
                ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePricedBy(grantId(account, "w1", grant),
                        "req_" + grant + "_" + n + "_" + account, CHARGE_MICROS)));
                charged += CHARGE_MICROS;
            }
        }
        List<Callable<Integer>> wave2 = new ArrayList<>();
        List<String> settledGrants = new ArrayList<>();
        List<String> openGrants = new ArrayList<>();
        for (int n = 0; n < grants.size(); n++) {
            String grantId = grantId(account, "w1", grants.get(n));
            if (n % 2 == 0) {
                settledGrants.add(grantId);
                wave2.add(() -> posts.post(0, holdsUri + "/" + grantId + "/capture", "{\"amountMicros\":" + USED_PER_SETTLED_GRANT + "}"));
            } else {
                openGrants.add(grantId);
            }
        }
        List<String> capturedHolds = new ArrayList<>();
        for (int n = 0; n < holds.size(); n++) {
            String holdId = holdId(account, "w1", holds.get(n));
            int client = n;
            if (n % 3 == 0) {
                capturedHolds.add(holdId);
                wave2.add(() -> posts.post(client, holdsUri + "/" + holdId + "/capture", "{\"amountMicros\":2000}"));
            } else if (n % 3 == 1) {
                wave2.add(() -> posts.post(client, holdsUri + "/" + holdId + "/release", ""));
            }
        }
        int changes = wave2.size();
        for (int i = 0; i < 10; i++) {
            int index = i;
            wave2.add(() -> placeGrant(index, account, grantId(account, "w2", index)));
        }
        for (int i = 0; i < 100; i++) {
            int index = i;
            wave2.add(() -> placeHold(index, account, holdId(account, "w2", index)));
        }
        List<Integer> wave2Statuses = posts.fire(wave2);
        assertThat(wave2Statuses.subList(0, changes)).as("settlements, captures and releases").containsOnly(200);
        assertThat(wave2Statuses.subList(changes, wave2Statuses.size())).containsOnly(201, 402);

        // metering charges each captured hold's request at 1,900, by request id (no hold id)
        for (String holdId : capturedHolds) {
            ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced("req_" + holdId, 1_900)));
            charged += 1_900;
        }
        ledger.awaitBalance(account, INITIAL_MICROS - charged);

        Map<String, Long> reserved = reservedByHold(account);
        for (String grantId : settledGrants) {
            assertThat(reserved.get(grantId)).as("settled grant %s: used and not charged", grantId)
                    .isEqualTo(USED_PER_SETTLED_GRANT - CHARGES_PER_GRANT * CHARGE_MICROS);
        }
        for (String grantId : openGrants) {
            assertThat(reserved.get(grantId)).as("open grant %s: drawn down by its charges", grantId)
                    .isEqualTo(GRANT_MICROS - CHARGES_PER_GRANT * CHARGE_MICROS);
        }
        for (String holdId : capturedHolds) {
            assertThat(reserved.get(holdId)).as("captured hold %s once charged", holdId).isZero();
        }
        long reservedTotal = reserved.values().stream().mapToLong(Long::longValue).sum();
        assertThat(INITIAL_MICROS - charged - reservedTotal).as("available").isNotNegative();
        assertThat(ledger.count("select coalesce(sum(amount_micros), 0) from ledger_event where account_id = '" + account + "'"))
                .as("every credit accounted for: purchases minus charges").isEqualTo(INITIAL_MICROS - charged);

        Map<String, Long> replayed = HoldLog.of(ledger, account).replayNeverBelowZero();
        assertThat(replayed).as("reservations replayed from the log").isEqualTo(reserved);
    }

    private static List<Integer> accepted(List<Integer> statuses) {
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            if (statuses.get(i) == 201) {
                accepted.add(i);
            }
        }
        return accepted;
    }

    private static String grantId(String account, String wave, int index) {
        return "grant_" + wave + "r" + index + "_" + account + "_1";
    }

    private static String holdId(String account, String wave, int index) {
        return account + "_" + wave + "_" + index;
    }

    private Map<String, Long> reservedByHold(String account) throws Exception {
        Map<String, Long> reserved = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(ledger.jdbcUrl(), "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select hold_id, reserved_micros from account_hold where account_id = '" + account + "'")) {
            while (rows.next()) {
                reserved.put(rows.getString(1), rows.getLong(2));
            }
        }
        return reserved;
    }

    private int placeGrant(int index, String account, String grantId) throws Exception {
        String body = "{\"accountId\":\"" + account + "\",\"holdId\":\"" + grantId + "\",\"kind\":\"grant\",\"amountMicros\":"
                + GRANT_MICROS + ",\"currency\":\"EUR\",\"expiresInSeconds\":600}";
        return posts.post(index, holdsUri.toString(), body);
    }

    private int placeHold(int index, String account, String holdId) throws Exception {
        String body = "{\"accountId\":\"" + account + "\",\"holdId\":\"" + holdId + "\",\"requestId\":\"req_" + holdId
                + "\",\"amountMicros\":" + HOLD_MICROS + ",\"currency\":\"EUR\",\"expiresInSeconds\":600}";
        return posts.post(index, holdsUri.toString(), body);
    }
}
