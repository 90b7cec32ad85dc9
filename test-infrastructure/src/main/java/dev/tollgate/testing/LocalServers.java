package dev.tollgate.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Kafka and PostgreSQL together, as every Tollgate service needs them. Started in parallel
 * (each takes a few seconds). Used by the Quarkus test resource and by the local launcher.
 */
public final class LocalServers implements AutoCloseable {

    /** One database (and role) per service: each service owns its data. */
    public static final List<String> SERVICE_DATABASES = List.of("router", "metering", "ledger", "payments");

    /**
     * Roles beside the databases' owners. The ledger runs as {@code ledger_app}, which its migrations (run as the
     * owner {@code ledger}) allow only to read and append to the log; its embedded Debezium engine reads the log
     * as {@code ledger_publisher} (REPLICATION, read only). The other services run as their database's owner.
     */
    public static final List<EmbeddedPostgresServer.LoginRole> SERVICE_ROLES = List.of(
            new EmbeddedPostgresServer.LoginRole("ledger_app", false),
            new EmbeddedPostgresServer.LoginRole("ledger_publisher", true));

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    private final Duration kafkaStartup;
    private final Duration postgresStartup;

    private LocalServers(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, Duration kafkaStartup, Duration postgresStartup) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.kafkaStartup = kafkaStartup;
        this.postgresStartup = postgresStartup;
    }

    /** Throw-away servers in temporary folders on free ports, deleted on close. */
    public static LocalServers startTemporary() {
        return start(EmbeddedKafka::startTemporary, EmbeddedPostgresServer::startTemporary);
    }

    /** Servers on fixed ports (0 = free) keeping their data under {@code dataDir}, kept on close. */
    public static LocalServers startPersistent(Path dataDir, int kafkaPort, int postgresPort) {
        return start(() -> EmbeddedKafka.start(kafkaPort, dataDir.resolve("kafka"), false),
                () -> EmbeddedPostgresServer.start(postgresPort, dataDir.resolve("postgres"), false));
    }

    private static LocalServers start(Supplier<EmbeddedKafka> kafkaStarter, Supplier<EmbeddedPostgresServer> postgresStarter) {
        CompletableFuture<Timed<EmbeddedKafka>> kafka = CompletableFuture.supplyAsync(() -> Timed.of(kafkaStarter));
        CompletableFuture<Timed<EmbeddedPostgresServer>> postgres = CompletableFuture.supplyAsync(() -> Timed.of(postgresStarter));
        try {
            Timed<EmbeddedPostgresServer> startedPostgres = postgres.join();
            startedPostgres.value().createServiceDatabases(SERVICE_DATABASES);
            startedPostgres.value().createRoles(SERVICE_ROLES);
            Timed<EmbeddedKafka> startedKafka = kafka.join();
            return new LocalServers(startedKafka.value(), startedPostgres.value(), startedKafka.took(), startedPostgres.took());
        } catch (RuntimeException e) {
            // do not leave one server running when the other failed
            kafka.thenAccept(started -> started.value().close());
            postgres.thenAccept(started -> started.value().close());
            throw e;
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public Duration kafkaStartup() {
        return kafkaStartup;
    }

    public Duration postgresStartup() {
        return postgresStartup;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }

    private record Timed<T>(T value, Duration took) {
        static <T> Timed<T> of(Supplier<T> starter) {
            long started = System.nanoTime();
            T value = starter.get();
            return new Timed<>(value, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
