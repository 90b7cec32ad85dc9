package dev.tollgate.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TemporaryServers;

/** Real PostgreSQL (logical replication) and a real Kafka broker: what is inserted arrives once per row, keyed, in order. */
class TablePublisherTest {

    private static final String DATABASE = "payments"; // any service database: its owner role may replicate

    @RegisterExtension
    static final TemporaryServers SERVERS = new TemporaryServers();

    @TempDir
    Path offsets;

    @BeforeAll
    static void createTable() throws SQLException {
        execute("create table published_row (id bigserial primary key, account_id text not null, body text not null)");
    }

    @Test
    void rowsInsertedBeforeAndAfterTheStartArriveOnceEachKeyedByTheKeyColumnInOrderAndUpdatesDoNot() throws Exception {
        insert("acct_a", "before-1");
        TablePublication publication = publication("topic.published-rows", offsets.resolve("offsets.dat"));
        try (TablePublisher publisher = TablePublisher.start(publication);
             KafkaTestClient kafka = new KafkaTestClient(SERVERS.kafka().bootstrapServers())) {
            // the initial snapshot reads what was there before the slot existed
            kafka.awaitRecord(publication.topic(), record -> record.value().equals("before-1"));
            insert("acct_b", "after-1");
            insert("acct_a", "after-2");
            execute("update published_row set body = 'changed' where body = 'after-1'"); // not an insert: not an event
            insert("acct_a", "after-3");

            List<ConsumerRecord<String, String>> records = kafka.awaitRecords(publication.topic(), record -> true, 4);
            assertThat(records).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("before-1", "after-1", "after-2", "after-3");
            assertThat(records.stream().filter(record -> record.key().equals("acct_a")).map(ConsumerRecord::value))
                    .as("in insertion order per key").containsExactly("before-1", "after-2", "after-3");
            assertThat(records.stream().filter(record -> record.key().equals("acct_b")).map(ConsumerRecord::value))
                    .containsExactly("after-1");
            assertThat(kafka.recordsWithin(publication.topic(), record -> true, Duration.ofSeconds(2)))
                    .as("nothing else: the update is not published").hasSize(4);
        }
        assertThat(Files.exists(offsets.resolve("offsets.dat"))).as("the position is kept for the next start").isTrue();
    }

    @Test
    void aRestartedPublisherGoesOnFromWhereItStoppedWithoutRepublishingAcknowledgedRows() throws Exception {
        execute("create table if not exists resumed_row (id bigserial primary key, account_id text not null, body text not null)");
        TablePublication publication = new TablePublication("resume-test-publisher", SERVERS.postgres().host(), SERVERS.postgres().port(),
                DATABASE, DATABASE, DATABASE, "public.resumed_row", "account_id", "body", "topic.resumed-rows", "resume_test",
                true, offsets.resolve("resume.dat"), SERVERS.kafka().bootstrapServers());
        try (KafkaTestClient kafka = new KafkaTestClient(SERVERS.kafka().bootstrapServers())) {
            try (TablePublisher first = TablePublisher.start(publication)) {
                execute("insert into resumed_row (account_id, body) values ('acct_r', 'first-run')");
                kafka.awaitRecord(publication.topic(), record -> record.value().equals("first-run"));
                Thread.sleep(1_500); // longer than the offset flush interval: the position is on disk
            }
            execute("insert into resumed_row (account_id, body) values ('acct_r', 'while-stopped')");
            try (TablePublisher second = TablePublisher.start(publication)) {
                kafka.awaitRecord(publication.topic(), record -> record.value().equals("while-stopped"));
                Map<String, Long> copies = kafka.recordsWithin(publication.topic(), record -> true, Duration.ofSeconds(2)).stream()
                        .collect(Collectors.groupingBy(ConsumerRecord::value, Collectors.counting()));
                assertThat(copies).containsExactlyInAnyOrderEntriesOf(Map.of("first-run", 1L, "while-stopped", 1L));
            }
        }
    }

    @Test
    void thePasswordNeverShowsInTheDescription() {
        TablePublication publication = publication("topic.any", offsets.resolve("any.dat"));
        assertThat(publication.toString()).doesNotContain("password=").contains(publication.databaseUser());
        TablePublication secret = new TablePublication("n", "h", 1, "d", "user", "s3cr3t-value", "public.t", "k", "v", "t", "s",
                true, offsets, "b");
        assertThat(secret.toString()).doesNotContain("s3cr3t-value");
    }

    private TablePublication publication(String topic, Path offsetsFile) {
        return new TablePublication("table-publisher-test", SERVERS.postgres().host(), SERVERS.postgres().port(), DATABASE,
                DATABASE, DATABASE, "public.published_row", "account_id", "body", topic, "table_publisher_test", true,
                offsetsFile, SERVERS.kafka().bootstrapServers());
    }

    private static void insert(String account, String body) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement("insert into published_row (account_id, body) values (?, ?)")) {
            statement.setString(1, account);
            statement.setString(2, body);
            statement.executeUpdate();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVERS.postgres().jdbcUrl(DATABASE), DATABASE, DATABASE);
    }
}
