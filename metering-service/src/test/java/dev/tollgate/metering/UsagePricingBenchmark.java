package dev.tollgate.metering;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.testing.TollgateServersResource;

/**
 * Pushes N usage events through the real Kafka broker into metering (running in this JVM against the real
 * PostgreSQL) and measures priced events per second out and the end-to-end lag (usage produced → its
 * {@code UsagePriced} read back), p50 and p99. Not part of the normal build (the name does not end in Test);
 * run it with
 * <pre>./mvnw -pl metering-service test -Dtest=UsagePricingBenchmark</pre>
 * Sizes: {@code BENCH_USAGES} (default 20000); {@code BENCH_RATE} paces the producer at that many events per
 * second (default 0: as fast as possible, which measures the backlog drain rate, and the lag then includes
 * the time spent queued); {@code BENCH_WARMUP} events (default 10000) go the same way first, unmeasured. {@code BENCH_JFR=<file>} records a Java Flight Recording (profile settings) of the
 * measured part into that file, and {@code BENCH_THREADS=1} prints the CPU time of each thread (pool), to see where
 * the time goes. Figures are recorded in the README.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class UsagePricingBenchmark {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tollgate.postgres.port")
    String postgresPortProperty;

    /** The port of this JVM's PostgreSQL, to find its processes. */
    private static String postgresPort;

    @Test
    void pricedEventsPerSecondAndEndToEndLag() throws Exception {
        int usages = Integer.parseInt(System.getenv().getOrDefault("BENCH_USAGES", "20000"));
        int rate = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "0"));
        int warmUp = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "10000"));
        postgresPort = postgresPortProperty;

        try (KafkaConsumer<String, String> consumer = consumer(); KafkaProducer<String, String> producer = producer()) {
            consumer.subscribe(List.of(Topics.USAGE_PRICED));
            consumer.poll(Duration.ofMillis(500)); // join the group before producing
            if (warmUp > 0) {
                // the same path, unmeasured: the JIT compiles it and the pools fill before the clock starts
                Run warm = run(consumer, producer, warmUp, 0, null);
                System.out.printf("%nmetering benchmark warm-up: %d usage events priced in %.2f s%n", warm.priced(), warm.seconds());
            }
            Run measured;
            try (Recording recording = startRecording()) {
                measured = run(consumer, producer, usages, rate, recording);
            }
            System.out.printf("%nmetering benchmark: %s has %d partitions%n", Topics.USAGE_RECORDED,
                    consumer.partitionsFor(Topics.USAGE_RECORDED).size());
            measured.print(usages, rate);
            if (measured.priced() < usages) {
                throw new AssertionError("only " + measured.priced() + " of " + usages + " priced within 10 minutes");
            }
        }
    }

    /** What one run measured; {@code lagNanos} sorted. */
    private record Run(int priced, long pushNanos, long firstPricedNanos, long lastPricedNanos, long[] lagNanos, CpuByPart cpu,
                       Map<String, Long> cpuByThread) {

        double seconds() {
            return lastPricedNanos / 1e9;
        }

        void print(int usages, int rate) {
            System.out.printf("metering benchmark: %d usage events%s%n", usages,
                    rate > 0 ? " paced at " + rate + "/s" : " pushed as fast as possible");
            System.out.printf("  pushed: %d in %.2f s (%.0f/s)%n", usages, pushNanos / 1e9, usages / (pushNanos / 1e9));
            System.out.printf("  priced: %d in %.2f s from the first push = %.0f priced events/s (%.0f/s between first and last priced)%n",
                    priced, seconds(), priced / seconds(), priced / Math.max(1e-9, (lastPricedNanos - firstPricedNanos) / 1e9));
            System.out.printf("  end-to-end lag (produced -> priced read back): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    percentile(lagNanos, 50) / 1e6, percentile(lagNanos, 99) / 1e6, lagNanos.length == 0 ? 0 : lagNanos[lagNanos.length - 1] / 1e6);
            int count = Math.max(1, priced);
            System.out.printf("  CPU per priced event: metering %.0f us (%.0f us of it in user mode), PostgreSQL %.0f us, Kafka broker %.0f us,"
                            + " benchmark client %.0f us, other threads of this JVM %.0f us%n",
                    cpu.meteringNanos / 1e3 / count, cpu.meteringUserNanos / 1e3 / count, cpu.postgresNanos / 1e3 / count,
                    cpu.brokerNanos / 1e3 / count, cpu.clientNanos / 1e3 / count, cpu.otherNanos / 1e3 / count);
            if (System.getenv("BENCH_THREADS") != null) {
                cpuByThread.entrySet().stream().filter(entry -> entry.getValue() > 0)
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
                        .forEach(entry -> System.out.printf("    thread %-70s %6.1f us per priced event%n", entry.getKey(), entry.getValue() / 1e3 / count));
            }
            System.out.println();
        }
    }

    private Run run(KafkaConsumer<String, String> consumer, KafkaProducer<String, String> producer, int usages, int rate,
                    Recording recording) throws Exception {
        // the usage records are written before the clock starts: encoding them is the router's work, not metering's
        String[] accounts = new String[usages];
        String[] usageIds = new String[usages];
        String[] records = new String[usages];
        for (int i = 0; i < usages; i++) {
            accounts[i] = "acct_bench_" + (i % 50);
            EventEnvelope<UsageRecorded> usage = UsageEvents.usage(accounts[i], "sim-standard", RoutingMode.AUTO,
                    Instant.parse("2026-11-23T10:00:00Z"), 1_200, 200, 300 + i % 400);
            usageIds[i] = usage.eventId().toString();
            records[i] = EventCodec.encode(usage);
        }
        Map<String, Long> producedAtNanos = new ConcurrentHashMap<>();
        long[] lagNanos = new long[usages];
        long[] pushedAtNanos = new long[1];
        CpuByPart cpuBefore = CpuByPart.now();
        Map<String, Long> threadsBefore = CpuByPart.byThread();
        if (recording != null) {
            recording.start();
        }
        long start = System.nanoTime();
        Thread pusher = new Thread(() -> {
            for (int i = 0; i < usages; i++) {
                if (rate > 0) {
                    // sleep, not spin: a spinning pusher would take a whole core from the service it measures
                    long wait = start + (long) i * 1_000_000_000L / rate - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                producedAtNanos.put(usageIds[i], System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.USAGE_RECORDED, accounts[i], records[i]));
            }
            producer.flush();
            pushedAtNanos[0] = System.nanoTime();
        }, "benchmark-pusher");
        pusher.start();

        int priced = 0;
        long firstPriced = 0;
        long lastPriced = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (priced < usages && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                Long producedAt = producedAtNanos.remove(causationId(record.value()));
                if (producedAt == null) {
                    continue; // another run's record, or a redelivery already counted
                }
                if (priced == 0) {
                    firstPriced = now;
                }
                lastPriced = now;
                lagNanos[priced++] = now - producedAt;
            }
        }
        pusher.join();
        CpuByPart cpu = CpuByPart.now().minus(cpuBefore);
        Map<String, Long> cpuByThread = new TreeMap<>();
        CpuByPart.byThread().forEach((thread, nanos) -> cpuByThread.put(thread, nanos - threadsBefore.getOrDefault(thread, 0L)));
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(System.getenv("BENCH_JFR")));
        }
        long[] lags = Arrays.copyOf(lagNanos, priced);
        Arrays.sort(lags);
        return new Run(priced, pushedAtNanos[0] - start, firstPriced - start, lastPriced - start, lags, cpu, cpuByThread);
    }

    /**
     * The usage id a priced record answers, read from the JSON text without decoding the whole event: the
     * benchmark shares the CPU with the service it measures, so it does as little as it can.
     */
    private static String causationId(String pricedJson) {
        int key = pricedJson.indexOf("\"causationId\":\"");
        if (key < 0) {
            return null;
        }
        int from = key + "\"causationId\":\"".length();
        return pricedJson.substring(from, pricedJson.indexOf('"', from));
    }

    /**
     * CPU time of this JVM's threads by whom they work for, told apart by thread name: metering (Vert.x event loops
     * and workers, its Kafka clients), the embedded Kafka broker, this benchmark's own threads and clients. Threads
     * that ended in between are not counted.
     */
    private record CpuByPart(long meteringNanos, long meteringUserNanos, long brokerNanos, long clientNanos, long otherNanos,
                             long postgresNanos) {

        /** CPU nanoseconds by thread name, digits folded (so a pool counts as one). */
        static Map<String, Long> byThread() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<String, Long> cpu = new TreeMap<>();
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    cpu.merge(info.getThreadName().replaceAll("\\d+", "#"), Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
                }
            }
            return cpu;
        }

        static CpuByPart now() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long metering = 0;
            long meteringUser = 0;
            long broker = 0;
            long client = 0;
            long other = 0;
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                String name = info.getThreadName();
                if (name.equals("main") || name.startsWith("benchmark") || name.contains("| benchmark")) {
                    client += cpu;
                } else if (name.startsWith("vert.x-") || name.startsWith("executor-thread") || name.startsWith("smallrye-kafka")
                        || name.contains("| kafka-producer-") || name.contains("| kafka-consumer-") || name.contains("| metering-service")) {
                    metering += cpu;
                    meteringUser += Math.max(0, threads.getThreadUserTime(info.getThreadId()));
                } else if (name.startsWith("data-plane-kafka") || name.startsWith("kafka") || name.contains("controller")
                        || name.startsWith("broker") || name.startsWith("group-coordinator") || name.startsWith("ExpirationReaper")
                        || name.startsWith("LogDirFailureHandler") || name.startsWith("share-")) {
                    broker += cpu;
                } else {
                    other += cpu;
                }
            }
            return new CpuByPart(metering, meteringUser, broker, client, other, postgresCpuNanos());
        }

        CpuByPart minus(CpuByPart before) {
            return new CpuByPart(meteringNanos - before.meteringNanos, meteringUserNanos - before.meteringUserNanos,
                    brokerNanos - before.brokerNanos, clientNanos - before.clientNanos, otherNanos - before.otherNanos,
                    postgresNanos - before.postgresNanos);
        }

        /**
         * CPU time of this JVM's PostgreSQL server (the postmaster listening on our port, its backends, and the
         * backends it has reaped), from /proc; 0 where there is no /proc. Other PostgreSQL servers on the machine
         * listen on other ports.
         */
        private static long postgresCpuNanos() {
            java.nio.file.Path proc = java.nio.file.Path.of("/proc");
            if (postgresPort == null || !java.nio.file.Files.isDirectory(proc)) {
                return 0;
            }
            try (java.util.stream.Stream<java.nio.file.Path> entries = java.nio.file.Files.list(proc)) {
                List<long[]> processes = entries.filter(entry -> entry.getFileName().toString().matches("\\d+"))
                        .map(CpuByPart::statOfPostgres).filter(java.util.Objects::nonNull).toList();
                long postmaster = processes.stream().filter(stat -> stat[5] == 1).mapToLong(stat -> stat[0]).findFirst().orElse(-1);
                long ticks = processes.stream().filter(stat -> stat[0] == postmaster || stat[1] == postmaster)
                        .mapToLong(stat -> stat[2] + stat[3] + (stat[0] == postmaster ? stat[4] : 0)).sum();
                return ticks * 10_000_000L; // USER_HZ = 100 on Linux
            } catch (java.io.IOException | RuntimeException e) {
                return 0;
            }
        }

        /** {pid, ppid, utime, stime, cutime + cstime, 1 if it is our postmaster} of a PostgreSQL process, or null. */
        private static long[] statOfPostgres(java.nio.file.Path process) {
            try {
                String stat = java.nio.file.Files.readString(process.resolve("stat"));
                if (!stat.contains("(postgres)")) {
                    return null;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String commandLine = java.nio.file.Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                boolean ours = commandLine.contains(" -p " + postgresPort + " ");
                return new long[] {Long.parseLong(process.getFileName().toString()), Long.parseLong(fields[1]),
                        Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]) + Long.parseLong(fields[14]),
                        ours ? 1 : 0};
            } catch (java.io.IOException | RuntimeException gone) {
                return null;
            }
        }
    }

    /** A flight recording (started with the measured run) when {@code BENCH_JFR} names a file, otherwise none. */
    private static Recording startRecording() throws java.io.IOException, java.text.ParseException {
        return System.getenv("BENCH_JFR") == null ? null : new Recording(Configuration.getConfiguration("profile"));
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "benchmark-consumer");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // only this run's usage ids are counted
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    private KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-producer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(properties);
    }
}
