package dev.tollgate.router.journal;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the usage journal lives and how its relay to Kafka behaves (see docs/usage-durability.md). */
@ConfigMapping(prefix = "tollgate.router.journal")
public interface JournalSettings {

    /** The journal's folder; one per router instance, on a disk that survives a restart (a persistent volume in Kubernetes). */
    String dir();

    /** A segment is closed and a new one started once it reaches this size. */
    @WithDefault("67108864")
    long segmentBytes();

    Relay relay();

    interface Relay {

        /** Most entries sent to Kafka before waiting for their acknowledgements. */
        @WithDefault("500")
        int batchSize();

        @WithDefault("100ms")
        Duration minBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /** The producer's {@code delivery.timeout.ms}: how long one attempt may take before the relay backs off and resends. */
        @WithDefault("30s")
        Duration deliveryTimeout();

        /** How long a stopping router keeps sending what is journalled before it exits (the rest goes after the next start). */
        @WithDefault("5s")
        Duration shutdownGrace();
    }
}
