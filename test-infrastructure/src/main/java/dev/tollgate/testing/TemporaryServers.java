package dev.tollgate.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kafka broker and a PostgreSQL server of one test class's own, in temporary folders, for tests that run
 * without Quarkus (packaged services as child processes, libraries):
 *
 * <pre>{@code @RegisterExtension
 * static final TemporaryServers SERVERS = new TemporaryServers();}</pre>
 *
 * Started before the class's own {@code @BeforeAll} methods, stopped after its {@code @AfterAll} methods.
 */
public final class TemporaryServers implements BeforeAllCallback, AfterAllCallback {

    private LocalServers servers;

    @Override
    public void beforeAll(ExtensionContext context) {
        servers = LocalServers.startTemporary();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (servers != null) {
            servers.close();
            servers = null;
        }
    }

    public EmbeddedKafka kafka() {
        return started().kafka();
    }

    public EmbeddedPostgresServer postgres() {
        return started().postgres();
    }

    private LocalServers started() {
        if (servers == null) {
            throw new IllegalStateException("the servers run only while the test class runs");
        }
        return servers;
    }
}
