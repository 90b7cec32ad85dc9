package dev.tollgate.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource that points a service at the real Kafka broker and PostgreSQL server
 * of this test JVM. The servers start once per JVM (the first time any test class needs them)
 * and stop when the JVM exits, so every test class in a module shares them and the suite stays fast.
 *
 * <p>Services read {@code tollgate.postgres.host}/{@code port} and {@code kafka.bootstrap.servers};
 * each uses its own database, as in production.
 */
public class TollgateServersResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalServers servers = SharedServers.get();
        return Map.of(
                "kafka.bootstrap.servers", servers.kafka().bootstrapServers(),
                "tollgate.postgres.host", servers.postgres().host(),
                "tollgate.postgres.port", Integer.toString(servers.postgres().port()));
    }

    @Override
    public void stop() {
        // the servers outlive one Quarkus application: SharedServers stops them at JVM exit
    }
}
