package dev.tollgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalServersTest {

    private static LocalServers servers;

    @BeforeAll
    static void start() {
        servers = LocalServers.startTemporary();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void postgresHasLogicalReplicationAndOneDatabasePerService() throws Exception {
        try (Connection connection = DriverManager.getConnection(servers.postgres().jdbcUrl("ledger"), "ledger", "ledger");
             Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("show wal_level")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo("logical");
            }
            try (ResultSet result = statement.executeQuery("select datname from pg_database where datname in ('router','metering','ledger','payments')")) {
                List<String> names = new ArrayList<>();
                while (result.next()) {
                    names.add(result.getString(1));
                }
                assertThat(names).containsExactlyInAnyOrder("router", "metering", "ledger", "payments");
            }
        }
    }

    @Test
    void theLedgerHasAnApplicationRoleAndAReplicationRoleBesideItsOwner() throws Exception {
        try (Connection connection = DriverManager.getConnection(servers.postgres().jdbcUrl("ledger"), "ledger_app", "ledger_app");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select rolname, rolreplication, rolsuper, rolcreaterole, rolcreatedb "
                     + "from pg_roles where rolname in ('ledger_app', 'ledger_publisher') order by rolname")) {
            List<String> roles = new ArrayList<>();
            while (result.next()) {
                roles.add(result.getString(1) + " replication=" + result.getBoolean(2) + " super=" + result.getBoolean(3)
                        + " createrole=" + result.getBoolean(4) + " createdb=" + result.getBoolean(5));
            }
            assertThat(roles).containsExactly(
                    "ledger_app replication=false super=false createrole=false createdb=false",
                    "ledger_publisher replication=true super=false createrole=false createdb=false");
        }
        // starting again on the same data keeps the roles (the launcher restarts on its data folder)
        servers.postgres().createRoles(LocalServers.SERVICE_ROLES);
    }

    @Test
    void kafkaHidesAbortedTransactionsFromReadCommittedConsumers() {
        String topic = "infrastructure-check";
        Properties producerConfig = new Properties();
        producerConfig.putAll(Map.of(
                "bootstrap.servers", servers.kafka().bootstrapServers(),
                "transactional.id", "infrastructure-check",
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "account", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "account", "committed"));
            producer.commitTransaction();
        }

        Properties consumerConfig = new Properties();
        consumerConfig.putAll(Map.of(
                "bootstrap.servers", servers.kafka().bootstrapServers(),
                "group.id", "infrastructure-check",
                "auto.offset.reset", "earliest",
                "isolation.level", "read_committed",
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName()));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertThat(values).containsExactly("committed");
    }
}
