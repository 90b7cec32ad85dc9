package dev.tollgate.testing;

/** The one pair of servers of this JVM, started on first use and stopped at exit. */
public final class SharedServers {

    private static LocalServers servers;

    private SharedServers() {
    }

    public static synchronized LocalServers get() {
        if (servers == null) {
            servers = LocalServers.startTemporary();
            System.out.printf("Tollgate test servers: Kafka %s (started in %d ms), PostgreSQL %d (started in %d ms)%n",
                    servers.kafka().bootstrapServers(), servers.kafkaStartup().toMillis(),
                    servers.postgres().port(), servers.postgresStartup().toMillis());
            Runtime.getRuntime().addShutdownHook(new Thread(SharedServers::stop, "tollgate-test-servers-stop"));
        }
        return servers;
    }

    private static synchronized void stop() {
        if (servers != null) {
            servers.close();
            servers = null;
        }
    }
}
