package dev.tollgate.router.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.tollgate.testing.FreePorts;
import dev.tollgate.testing.LocalServers;
import dev.tollgate.testing.ServiceJarProcess;
import dev.tollgate.testing.SharedServers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the real ledger service (its packaged jar, built by the reactor before this module) against this
 * test JVM's Kafka and PostgreSQL, and points the router's hold client at it. Started once per JVM, like
 * the servers it uses; stopped at JVM exit. {@link UpstreamSimulatorResource} starts it too, so test
 * classes need not name this resource.
 */
public class LedgerServiceResource implements QuarkusTestResourceLifecycleManager {

    private static ServiceJarProcess ledger;

    public static synchronized ServiceJarProcess ledger() {
        if (ledger == null) {
            LocalServers servers = SharedServers.get();
            ledger = ServiceJarProcess.start("ledger-service", ServiceJarProcess.packagedJar("ledger-service"),
                    FreePorts.pick(), Map.of(
                            "tollgate.postgres.host", servers.postgres().host(),
                            "tollgate.postgres.port", Integer.toString(servers.postgres().port()),
                            "kafka.bootstrap.servers", servers.kafka().bootstrapServers(),
                            "tollgate.ledger.publisher.offsets-file",
                            Path.of("target", "ledger-debezium-offsets-" + UUID.randomUUID() + ".dat").toAbsolutePath().toString(),
                            "tollgate.demo.account-id", UpstreamSimulatorResource.DEMO_ACCOUNT_ID,
                            "tollgate.demo.initial-credits-micros", Long.toString(UpstreamSimulatorResource.DEMO_INITIAL_CREDITS_MICROS),
                            "quarkus.log.category.\"org.apache.kafka\".level", "WARN"),
                    Path.of("target", "ledger-service-for-router-tests.log"))
                    .awaitReady(Duration.ofSeconds(180));
        }
        return ledger;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("tollgate.router.ledger.url", ledger().url());
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM: stopped at JVM exit
    }
}
