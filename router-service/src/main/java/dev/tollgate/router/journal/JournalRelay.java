package dev.tollgate.router.journal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

/**
 * Sends the journal to one Kafka topic, in journal order, on one background thread, and moves the
 * journal's checkpoint forward once Kafka has acknowledged a batch.
 *
 * <p>It starts from the checkpoint, so after a restart everything not acknowledged before is sent
 * again: at least once, with the very bytes that were journalled (same event id, so consumers that
 * deduplicate by event id apply it once). When a send fails (Kafka down, timeouts) the producer is
 * dropped, the relay waits (exponential backoff) and resends from the checkpoint; requests keep being
 * served meanwhile, the journal holding the backlog.
 */
public final class JournalRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JournalRelay.class);

    private final Journal journal;
    private final String topic;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Settings settings;
    private final RecordObserver observer;
    private final Thread thread;

    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;
    private volatile long sentBatches;
    private volatile long sentEntries;
    private volatile long failedAttempts;
    private Producer<byte[], byte[]> producer;

    /**
     * @param batchSize      most entries sent before waiting for their acknowledgements
     * @param minBackoff     first wait after a failed send
     * @param maxBackoff     longest wait between attempts while Kafka stays unreachable
     * @param sendTimeout    how long to wait for a batch's acknowledgements (above the producer's delivery timeout)
     */
    public record Settings(int batchSize, Duration minBackoff, Duration maxBackoff, Duration sendTimeout) {
    }

    /**
     * Sees every record the relay sends: gives the headers it goes with and hears how its send ended. The
     * router traces the send (a producer span continuing the request's trace, whose context the headers carry).
     */
    public interface RecordObserver {

        /** Sends each entry's journalled headers unchanged. */
        RecordObserver JOURNALLED_HEADERS = entry -> new Sending(toKafkaHeaders(entry.headers()), failure -> { });

        Sending sending(JournalEntry entry);

        /** The headers of one record and what to do when Kafka acknowledged it ({@code null}) or refused it. */
        record Sending(Iterable<Header> headers, Consumer<Exception> whenDone) {
        }

        static List<Header> toKafkaHeaders(Map<String, String> headers) {
            List<Header> kafkaHeaders = new ArrayList<>(headers.size());
            headers.forEach((name, value) -> kafkaHeaders.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            return kafkaHeaders;
        }
    }

    public JournalRelay(Journal journal, String topic, Supplier<Producer<byte[], byte[]>> producers, Settings settings) {
        this(journal, topic, producers, settings, RecordObserver.JOURNALLED_HEADERS);
    }

    public JournalRelay(Journal journal, String topic, Supplier<Producer<byte[], byte[]>> producers, Settings settings,
                        RecordObserver observer) {
        this.journal = journal;
        this.topic = topic;
        this.producers = producers;
        this.settings = settings;
        this.observer = observer;
        this.thread = new Thread(this::run, "usage-journal-relay");
        this.thread.setDaemon(true);
    }

    public JournalRelay start() {
        thread.start();
        return this;
    }

    /** Why the last attempt failed, while Kafka is still not acknowledging; null once a batch went through again. */
    public String lastFailure() {
        return lastFailure;
    }

    public Instant lastFailureAt() {
        return lastFailureAt;
    }

    public long sentBatches() {
        return sentBatches;
    }

    /** Entries Kafka acknowledged since the start (a resend after a failure counts again). */
    public long sentEntries() {
        return sentEntries;
    }

    /** Attempts that failed (each followed by a backoff and a resend from the checkpoint). */
    public long failedAttempts() {
        return failedAttempts;
    }

    private void run() {
        Duration backoff = settings.minBackoff();
        JournalReader reader = journal.readFrom(journal.acknowledgedPosition());
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (stopping && (journal.unacknowledgedEntries() == 0 || System.nanoTime() > stopDeadlineNanos)) {
                    return;
                }
                try {
                    List<JournalEntry> batch = reader.read(settings.batchSize());
                    if (batch.isEmpty()) {
                        journal.awaitDurableBeyond(reader.position(), 200);
                        continue;
                    }
                    send(batch);
                    journal.acknowledge(batch.get(batch.size() - 1).position() + 1);
                    sentBatches++;
                    sentEntries += batch.size();
                    if (lastFailure != null) {
                        LOG.infof("usage relay: Kafka acknowledges again; %d entries still to send", journal.unacknowledgedEntries());
                    }
                    lastFailure = null;
                    backoff = settings.minBackoff();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    recordFailure(e, backoff);
                    closeProducer();
                    reader.close();
                    if (!sleep(backoff)) {
                        return;
                    }
                    backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
                    reader = journal.readFrom(journal.acknowledgedPosition());
                }
            }
        } finally {
            reader.close();
            closeProducer();
        }
    }

    private void send(List<JournalEntry> batch) throws InterruptedException, ExecutionException, TimeoutException {
        if (producer == null) {
            producer = producers.get();
        }
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(batch.size());
        AtomicReference<Exception> failed = new AtomicReference<>();
        for (JournalEntry entry : batch) {
            // stop at the first failure: a later record that got through would overtake the failed one,
            // which is resent after it (the producer reports some failures, e.g. no metadata, only in the future)
            if (failed.get() != null) {
                throw new ExecutionException(failed.get());
            }
            RecordObserver.Sending sending = observer.sending(entry);
            Future<RecordMetadata> acknowledgement = producer.send(
                    new ProducerRecord<>(topic, null, entry.key(), entry.value(), sending.headers()),
                    (metadata, failure) -> {
                        if (failure != null) {
                            failed.compareAndSet(null, failure);
                        }
                        sending.whenDone().accept(failure);
                    });
            if (acknowledgement.isDone()) {
                acknowledgement.get();
            }
            acknowledgements.add(acknowledgement);
        }
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        for (Future<RecordMetadata> acknowledgement : acknowledgements) {
            acknowledgement.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void recordFailure(Exception failure, Duration backoff) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        String description = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (lastFailure == null) {
            LOG.warnf("usage relay: Kafka did not acknowledge (%s); requests are still served and journalled, "
                    + "retrying with backoff (first wait %d ms)", description, backoff.toMillis());
        } else {
            LOG.debugf("usage relay: still failing (%s); %d entries waiting", description, journal.unacknowledgedEntries());
        }
        lastFailure = description;
        lastFailureAt = Instant.now();
        failedAttempts++;
        if (cause instanceof CorruptJournalException) {
            LOG.error("usage relay: the journal is damaged; sending is stuck until it is repaired", cause);
        }
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debugf(e, "closing the usage relay's producer");
            }
            producer = null;
        }
    }

    private boolean sleep(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        try {
            while (System.nanoTime() < until) {
                if (stopping && System.nanoTime() > stopDeadlineNanos) {
                    return false;
                }
                Thread.sleep(Math.min(50, Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives the relay up to {@code grace} to send what is waiting, then stops it; what is left is sent after the next start. */
    public void stop(Duration grace) {
        stopDeadlineNanos = System.nanoTime() + grace.toNanos();
        stopping = true;
        try {
            thread.join(grace.toMillis() + 2_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
