package dev.tollgate.payments.invoicing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.Topics;
import dev.tollgate.payments.observability.PaymentsMetrics;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads this service's own payments events ({@link Topics#PAYMENTS_EVENTS}, published from the outbox)
 * and issues an invoice per {@code CreditsPurchased} and a credit note per {@code CreditsRefunded}, so
 * invoicing never runs inside the webhook's transaction. Offsets are committed after the documents are;
 * a redelivered event is a no-op (inbox). A record that still fails after a few attempts goes to
 * {@link #DEAD_LETTER_TOPIC} and consumption goes on.
 */
@ApplicationScoped
public class PaymentsEventsInvoicer {

    public static final String CONSUMER_GROUP = "payments-service-invoicing";
    public static final String DEAD_LETTER_TOPIC = Topics.PAYMENTS_EVENTS + ".invoicing-dlq";

    private static final Logger LOG = Logger.getLogger(PaymentsEventsInvoicer.class);
    private static final int ATTEMPTS = 3;

    private final Invoicing invoicing;

    @Inject
    PaymentsMetrics metrics;
    private final Map<String, Object> kafkaConfig;
    private final boolean enabled;
    private volatile boolean running;
    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, String> deadLetters;
    private Thread thread;

    public PaymentsEventsInvoicer(Invoicing invoicing,
                                  // every kafka.* setting (bootstrap servers, and in Kubernetes TLS and SCRAM credentials)
                                  @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                  @ConfigProperty(name = "tollgate.payments.invoicing.enabled", defaultValue = "true") boolean enabled) {
        this.invoicing = invoicing;
        this.kafkaConfig = kafkaConfig;
        this.enabled = enabled;
    }

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        Properties consumerProperties = clientProperties(ConsumerConfig.configNames());
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, CONSUMER_GROUP);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(consumerProperties);
        Properties producerProperties = clientProperties(ProducerConfig.configNames());
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        deadLetters = new KafkaProducer<>(producerProperties);
        running = true;
        thread = new Thread(this::consume, "payments-invoicing");
        thread.start();
    }

    /** The Kafka settings Quarkus gives every client ({@code kafka.*}) that apply to this kind of client. */
    private Properties clientProperties(Set<String> applicable) {
        Properties properties = new Properties();
        kafkaConfig.forEach((key, value) -> {
            if (applicable.contains(key)) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        if (thread == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        deadLetters.close(Duration.ofSeconds(5));
    }

    private void consume() {
        try {
            consumer.subscribe(List.of(Topics.PAYMENTS_EVENTS));
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
                consumer.commitSync();
            }
        } catch (WakeupException stopping) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.error("payments events invoicing stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        for (int attempt = 1; ; attempt++) {
            try {
                apply(EventCodec.decode(record.value()));
                return;
            } catch (EventCodec.InvalidEventException invalid) {
                deadLetter(record, invalid);
                return;
            } catch (Exception e) {
                if (attempt >= ATTEMPTS || !running) {
                    deadLetter(record, e);
                    return;
                }
                LOG.warnf("invoicing of %s-%d@%d failed (attempt %d), retrying: %s", record.topic(), record.partition(),
                        record.offset(), attempt, e.getMessage());
                sleep(attempt * 500L);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(EventEnvelope<EventPayload> event) throws Exception {
        if (event.payload() instanceof CreditsPurchased) {
            invoicing.onPurchase((EventEnvelope<CreditsPurchased>) (EventEnvelope<?>) event)
                    .ifPresent(issued -> metrics.invoiceIssued(false));
        } else if (event.payload() instanceof CreditsRefunded) {
            invoicing.onRefund((EventEnvelope<CreditsRefunded>) (EventEnvelope<?>) event)
                    .ifPresent(issued -> metrics.invoiceIssued(true));
        }
    }

    private void deadLetter(ConsumerRecord<String, String> record, Exception cause) {
        LOG.errorf("payments event %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                DEAD_LETTER_TOPIC, cause.getMessage());
        try {
            deadLetters.send(new ProducerRecord<>(DEAD_LETTER_TOPIC, record.key(), record.value())).get();
            metrics.invoicingDeadLettered();
        } catch (Exception e) {
            // without the dead letter the record must not be skipped: stop here, it is read again after a restart
            throw new IllegalStateException("cannot dead-letter a payments event", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
