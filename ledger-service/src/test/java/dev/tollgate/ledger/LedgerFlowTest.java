package dev.tollgate.ledger;

import static dev.tollgate.ledger.TestLedger.envelope;
import static dev.tollgate.ledger.TestLedger.eur;
import static dev.tollgate.ledger.TestLedger.usagePriced;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The ledger against a real Kafka broker and a real PostgreSQL, Debezium included. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class LedgerFlowTest {

    @Inject
    DataSource dataSource;

    @Inject
    TestLedger ledger;

    @Test
    void pricedUsageIsDebitedOnceAndPublishedByDebezium() throws Exception {
        String account = TestLedger.newAccount("acct");
        ledger.send(Topics.PAYMENTS_EVENTS, envelope(account, new CreditsPurchased("pay_" + account, "stripe", "pi_1",
                eur(2_000_000), eur(0), eur(0), eur(2_000_000), null)));
        EventEnvelope<UsagePriced> usage = envelope(account, usagePriced("req_" + account, 1_234));

        ledger.send(Topics.USAGE_PRICED, usage);
        ledger.send(Topics.USAGE_PRICED, usage); // redelivery: must be a no-op

        ledger.awaitBalance(account, 2_000_000 - 1_234);
        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "'"))
                .as("opened, credited, charged once").isEqualTo(3);

        List<ConsumerRecord<String, String>> published =
                ledger.kafka().awaitRecords(Topics.LEDGER_EVENTS, record -> account.equals(record.key()), 3);
        assertThat(published).allSatisfy(record -> assertThat(record.key()).isEqualTo(account));
        List<LedgerEvent> entries = published.stream().map(record -> (LedgerEvent) EventCodec.decode(record.value()).payload()).toList();
        // payments and usage arrive on different topics, so either may be applied first; the log's order is the sequence
        assertThat(entries).extracting(LedgerEvent::sequence).as("published in sequence order").containsExactly(1L, 2L, 3L);
        assertThat(entries.get(0)).isInstanceOf(AccountOpened.class);
        assertThat(entries).filteredOn(UsageCharged.class::isInstance).singleElement()
                .satisfies(charged -> assertThat(charged.amount()).isEqualTo(eur(-1_234)));
        assertThat(entries.get(2).balanceAfter()).isEqualTo(eur(2_000_000 - 1_234));
    }

    @Test
    void demoAccountIsSeededOnceAtStartup() {
        given().get("/accounts/acct_seeded/balance").then().statusCode(200)
                .body("balanceMicros", equalTo(10_000_000))
                .body("credits", equalTo("1000.0000"));
    }

    @Test
    void unknownAccountIsAProblem() {
        given().get("/accounts/acct_nobody/balance").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }

    /** Whoever asks, even the owner: the triggers refuse every change of the log. */
    @Test
    void theDatabaseRefusesToChangeTheLog() throws Exception {
        try (Connection connection = DriverManager.getConnection(ledger.jdbcUrl(), "ledger", "ledger");
             Statement statement = connection.createStatement()) {
            assertThat(ledger.count("select count(*) from ledger_event")).isPositive();
            for (String change : List.of("update ledger_event set amount_micros = 0",
                    "delete from ledger_event", "truncate ledger_event")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        assertThat(ledger.count("select count(*) from ledger_event")).isPositive();
    }

    @Test
    void theServiceRunsAsARoleThatMayOnlyReadAndAppendToTheLog() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet user = statement.executeQuery("select current_user")) {
            user.next();
            assertThat(user.getString(1)).as("the service's own connections").isEqualTo("ledger_app");
        }
        assertThat(ledger.count("select count(*) from flyway_schema_history where success and installed_by = 'ledger'"))
                .as("migrations ran as the owner").isPositive();
        assertThat(ledger.count("select count(*) from flyway_schema_history where installed_by <> 'ledger'")).isZero();
        assertThat(sessionRoles()).as("roles connected to the ledger's database").contains("ledger_app", "ledger_publisher")
                .doesNotContain("ledger");

        long entries = ledger.count("select count(*) from ledger_event");
        try (Connection connection = DriverManager.getConnection(ledger.jdbcUrl(), "ledger_app", "ledger_app");
             Statement statement = connection.createStatement()) {
            for (String change : List.of("update ledger_event set amount_micros = 0", "delete from ledger_event", "truncate ledger_event",
                    "drop trigger ledger_event_no_update_or_delete on ledger_event",
                    "alter table ledger_event disable trigger ledger_event_no_truncate",
                    "create or replace function ledger_event_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$",
                    "drop table ledger_event", "create table ledger_event_copy (event_id uuid)", "delete from ledger_inbox",
                    "delete from account_hold")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change)
                        .isInstanceOfSatisfying(SQLException.class, refused -> assertThat(refused.getSQLState())
                                .as(change + ": refused by privilege (42501), not by the trigger: " + refused.getMessage())
                                .isEqualTo("42501"));
            }
            try (ResultSet read = statement.executeQuery("select count(*) from ledger_event")) {
                read.next();
                assertThat(read.getLong(1)).as("it reads the log").isEqualTo(entries);
            }
        }
        assertThat(ledger.count("select count(*) from ledger_event")).isEqualTo(entries);
        assertThat(ledger.count("select count(*) from pg_trigger where tgrelid = 'ledger_event'::regclass and not tgisinternal and tgenabled = 'O'"))
                .as("both append-only triggers still in place and enabled").isEqualTo(2);
    }

    /** Roles of the other sessions on the ledger's database (the service's pools and its Debezium engine). */
    private List<String> sessionRoles() throws Exception {
        long deadline = System.nanoTime() + TestLedger.WAIT.toNanos();
        List<String> roles = List.of();
        while (System.nanoTime() < deadline) {
            roles = new java.util.ArrayList<>();
            try (Connection connection = DriverManager.getConnection(ledger.jdbcUrl(), "ledger", "ledger");
                 Statement statement = connection.createStatement();
                 ResultSet sessions = statement.executeQuery(
                         "select distinct usename from pg_stat_activity where datname = 'ledger' and pid <> pg_backend_pid()")) {
                while (sessions.next()) {
                    roles.add(sessions.getString(1));
                }
            }
            // a connection the test itself closed a moment ago may still be ending
            if (!roles.contains("ledger")) {
                return roles;
            }
            Thread.sleep(100);
        }
        return roles;
    }
}
