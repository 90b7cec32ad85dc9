package dev.tollgate.payments.debezium;

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
 * Publishes the payments outbox: every row inserted into {@code outbox_event} becomes one record on
 * {@link Topics#PAYMENTS_EVENTS}, key = {@code aggregateid} (the account id), value = {@code payload} (the whole
 * envelope, as the ledger's consumer reads it), at least once (see {@link TablePublisher}). The state change and the
 * outbox row commit together; this is how the event leaves (no dual write). The ledger deduplicates by event id,
 * and event ids derive from their cause.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);

    @ConfigProperty(name = "tollgate.payments.publisher.enabled")
    boolean enabled;

    @ConfigProperty(name = "tollgate.payments.publisher.slot-name")
    String slotName;

    @ConfigProperty(name = "tollgate.payments.publisher.offsets-file")
    String offsetsFile;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
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
            LOG.info("payments outbox publisher disabled");
            return;
        }
        // the service's own role owns the outbox table, so the engine creates its publication itself
        publisher = TablePublisher.start(new TablePublication("payments-outbox-publisher", postgresHost, postgresPort, "payments",
                user, password, "public.outbox_event", "aggregateid", "payload", Topics.PAYMENTS_EVENTS, slotName, true,
                Path.of(offsetsFile), kafkaBootstrapServers));
    }

    void stop(@Observes ShutdownEvent stopping) throws IOException, InterruptedException {
        if (publisher != null) {
            publisher.close();
        }
    }
}
