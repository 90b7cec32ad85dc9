package dev.tollgate.ledger.debezium;

import java.io.IOException;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.Topics;
import dev.tollgate.publisher.TablePublication;
import dev.tollgate.publisher.TablePublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes the ledger's log: every row inserted into {@code ledger_event} becomes one record on
 * {@link Topics#LEDGER_EVENTS}, key = account id, value = the row's envelope, at least once and in order per account
 * (see {@link TablePublisher}). The database write is the only write the ledger makes.
 *
 * <p>Debezium reads as a replication role of its own ({@code tollgate.ledger.publisher.username}), not as the
 * service's application role; the migrations create the publication, since that needs the table's owner.
 * In Kubernetes the same job is done by a Debezium PostgreSQL connector in Kafka Connect (publisher disabled).
 */
@ApplicationScoped
public class LedgerLogPublisher {

    private static final Logger LOG = Logger.getLogger(LedgerLogPublisher.class);

    @ConfigProperty(name = "tollgate.ledger.publisher.enabled")
    boolean enabled;

    @ConfigProperty(name = "tollgate.ledger.publisher.slot-name")
    String slotName;

    @ConfigProperty(name = "tollgate.ledger.publisher.offsets-file")
    String offsetsFile;

    @ConfigProperty(name = "tollgate.ledger.publisher.username")
    String user;

    @ConfigProperty(name = "tollgate.ledger.publisher.password")
    String password;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafkaBootstrapServers;

    @ConfigProperty(name = "tollgate.postgres.host")
    String postgresHost;

    @ConfigProperty(name = "tollgate.postgres.port")
    int postgresPort;

    private TablePublisher publisher;

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            LOG.info("ledger log publisher disabled");
            return;
        }
        publisher = TablePublisher.start(new TablePublication("ledger-log-publisher", postgresHost, postgresPort, "ledger",
                user, password, "public.ledger_event", "account_id", "envelope", Topics.LEDGER_EVENTS, slotName, false,
                Path.of(offsetsFile), kafkaBootstrapServers));
    }

    void stop(@Observes ShutdownEvent stopping) throws IOException, InterruptedException {
        if (publisher != null) {
            publisher.close();
        }
    }
}
