package dev.tollgate.router.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.tollgate.contracts.Topics;
import dev.tollgate.router.observability.UsageTracing;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;

/**
 * The router's usage journal and its relay to {@link Topics#USAGE_RECORDED}, opened when the
 * application starts (so a backlog left by the previous run is sent at once) and closed at shutdown.
 */
@Startup
@ApplicationScoped
public class UsageJournal {

    private final JournalSettings settings;
    private final Map<String, Object> kafkaConfig;
    private final UsageTracing tracing;
    private Journal journal;
    private JournalRelay relay;

    public UsageJournal(JournalSettings settings, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                        UsageTracing tracing) {
        this.settings = settings;
        this.kafkaConfig = kafkaConfig;
        this.tracing = tracing;
    }

    @PostConstruct
    void open() {
        journal = Journal.open(Path.of(settings.dir()), settings.segmentBytes());
        JournalSettings.Relay relaySettings = settings.relay();
        relay = new JournalRelay(journal, Topics.USAGE_RECORDED, this::newProducer, new JournalRelay.Settings(
                relaySettings.batchSize(), relaySettings.minBackoff(), relaySettings.maxBackoff(),
                relaySettings.deliveryTimeout().plusSeconds(5)), tracing.relayObserver(Topics.USAGE_RECORDED)).start();
    }

    @PreDestroy
    void close() {
        // stop taking appends first: what is journalled is then all there is to send
        journal.close();
        relay.stop(settings.relay().shutdownGrace());
    }

    /** Journals one record; completes with its position once it is on disk. */
    public CompletionStage<Long> append(String key, String value) {
        return append(key, value, Map.of());
    }

    /** Journals one record with headers that go with it to Kafka (the trace context); completes once it is on disk. */
    public CompletionStage<Long> append(String key, String value, Map<String, String> headers) {
        return journal.append(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), headers);
    }

    public Journal journal() {
        return journal;
    }

    public JournalRelay relay() {
        return relay;
    }

    /** Idempotent, acks from all in-sync replicas, strictly in journal order per partition; key = account id. */
    private Producer<byte[], byte[]> newProducer() {
        Properties config = new Properties();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "router-usage-relay");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // one request in flight: when one fails, nothing sent after it can land before its resend
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        long deliveryTimeoutMillis = settings.relay().deliveryTimeout().toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeoutMillis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, deliveryTimeoutMillis - 1));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(10_000, deliveryTimeoutMillis));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }
}
