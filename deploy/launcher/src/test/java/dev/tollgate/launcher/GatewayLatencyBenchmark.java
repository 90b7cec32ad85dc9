package dev.tollgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The latency the gateway adds over calling the upstream directly, at fixed request rates, measured
 * side by side in one run against the simulator at zero upstream latency. Not part of the normal
 * test run (its name is not a test's, and it needs {@code -Dbenchmark=gateway}):
 * <pre>
 * ./mvnw -o -pl deploy/launcher -am install -DskipTests
 * ./mvnw -o -pl deploy/launcher verify -Dtest=GatewayLatencyBenchmark -Dbenchmark=gateway \
 *        [-Dbenchmark.rates=50,100,200,400,800] [-Dbenchmark.seconds=10]
 * </pre>
 * Open loop: request {@code i} is due at {@code start + i / rate} and its latency counts from that
 * moment, whether or not the sender managed to send it on time, so a stalled gateway cannot hide its
 * stall by slowing the load down (coordinated omission). For each rate the simulator is measured
 * directly, then through the gateway (holds, upstream call, journal append included), and the table
 * shows both and the difference of their percentiles.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "gateway")
class GatewayLatencyBenchmark {

    private static final String BODY = "{\"model\":\"sim-budget\",\"max_tokens\":20,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to Tollgate\"}]}";
    private static final double ADDED_P99_LIMIT_MILLIS = 5.0;
    /**
     * Through the gateway before measuring: on a 2-core machine the router's JIT settles only after 10,000 – 15,000
     * requests, and a cold stack cannot keep up with 200/s (a shorter, faster warm-up left the first rates measuring a
     * cold JIT and the warm-up's own queue: router-service/docs/benchmark.md).
     */
    private static final int WARM_UP_RATE = Integer.getInteger("benchmark.warmup-rate", 60);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup-seconds", 180));

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(callbacks).build();

    @Test
    void gatewayAddedLatencyAtFixedRates() throws Exception {
        int[] rates = Arrays.stream(System.getProperty("benchmark.rates", "50,100,200,400,800").split(","))
                .mapToInt(rate -> Integer.parseInt(rate.trim())).toArray();
        Duration phase = Duration.ofSeconds(Long.getLong("benchmark.seconds", 10));
        try (LocalTollgate tollgate = LocalTollgate.start(LauncherSettings.forTests(Files.createTempDirectory("tollgate-bench-"))
                // ample credits: about 11 micro-EUR per request, holds reserve more while requests are in flight
                .withDemoCreditsMicros(1_000_000_000L)
                // the per-key rate limits would refuse a benchmark's load: lift them far above it
                .withRouterProperties(Map.of("tollgate.router.limits.requests-per-minute", "10000000",
                        "tollgate.router.limits.tokens-per-minute", "10000000000")))) {
            Target direct = new Target("direct", tollgate.simulatorUrl() + "/chat/completions", null);
            Target gateway = new Target("gateway", tollgate.gatewayUrl() + "/chat/completions", tollgate.apiKey());
            awaitGatewayAnswers(gateway);

            System.out.println("warming up (JIT, connection pools) ...");
            run(direct, 200, Duration.ofSeconds(10));
            run(gateway, WARM_UP_RATE, WARM_UP);

            List<Row> rows = new ArrayList<>();
            for (int rate : rates) {
                Row row = new Row(rate, run(direct, rate, phase), run(gateway, rate, phase));
                rows.add(row);
                System.out.println(row.format());
            }
            Row best = null;
            for (Row row : rows) {
                if (row.holds()) {
                    best = row;
                }
            }
            StringBuilder report = new StringBuilder();
            report.append(String.format("gateway latency benchmark, %s, %d cores, load average before: %s%n",
                    Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage()));
            report.append(String.format("%d s per rate and target, open loop, simulator at 0 ms latency, sim-budget, 20 completion tokens,"
                    + " after a warm-up of %d s at %d/s through the gateway%n", phase.toSeconds(), WARM_UP.toSeconds(), WARM_UP_RATE));
            report.append(Row.HEADER).append('\n');
            rows.forEach(row -> report.append(row.format()).append('\n'));
            report.append(best == null
                    ? String.format("no rate held p99 added latency under %.0f ms%n", ADDED_P99_LIMIT_MILLIS)
                    : String.format("highest rate holding p99 added latency < %.0f ms (achieved >= 95%% of target, no errors): %d req/s%n",
                            ADDED_P99_LIMIT_MILLIS, best.rate()));
            System.out.print(report);
            Path out = Path.of("target", "gateway-latency-benchmark.txt");
            Files.writeString(out, report);
            System.out.println("written to " + out.toAbsolutePath());

            assertThat(rows.get(0).gateway().errors()).as("errors through the gateway at the lowest rate").isZero();
            assertThat(rows.get(0).direct().completed()).isPositive();
        } finally {
            callbacks.shutdownNow();
        }
    }

    private void awaitGatewayAnswers(Target gateway) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = http.send(gateway.request(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway does not answer 200 (last " + status + ")");
    }

    /** Sends {@code rate} requests per second for {@code duration}, open loop, and returns their latencies. */
    private Measurement run(Target target, int rate, Duration duration) throws InterruptedException {
        Histogram latencies = new SynchronizedHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong errors = new AtomicLong();
        Map<String, AtomicLong> errorsByKind = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong lastCompletion = new AtomicLong();
        long total = rate * duration.toSeconds();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        HttpRequest request = target.request();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                long now = System.nanoTime();
                lastCompletion.accumulateAndGet(now, Math::max);
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                    String kind = failure != null ? failure.getClass().getSimpleName() : Integer.toString(response.statusCode());
                    errorsByKind.computeIfAbsent(kind, ignored -> new AtomicLong()).incrementAndGet();
                } else {
                    latencies.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - due)));
                }
            }));
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // failures are counted per request above
        }
        double seconds = (lastCompletion.get() - start) / 1e9;
        if (!errorsByKind.isEmpty()) {
            System.out.printf("%s at %d/s: errors %s%n", target.name(), rate, errorsByKind);
        }
        return new Measurement(latencies.getTotalCount(), errors.get(), seconds > 0 ? latencies.getTotalCount() / seconds : 0,
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0);
    }

    private record Target(String name, String url, String apiKey) {
        HttpRequest request() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY));
            if (apiKey != null) {
                builder.header("Authorization", "Bearer " + apiKey);
            }
            return builder.build();
        }
    }

    private record Measurement(long completed, long errors, double achievedRate, double p50Millis, double p99Millis, double maxMillis) {
    }

    private record Row(int rate, Measurement direct, Measurement gateway) {

        static final String HEADER = "rate/s | achieved direct / gateway | direct p50 / p99 / max ms | gateway p50 / p99 / max ms"
                + " | added p50 / p99 ms | errors direct / gateway";

        double addedP50() {
            return gateway.p50Millis() - direct.p50Millis();
        }

        double addedP99() {
            return gateway.p99Millis() - direct.p99Millis();
        }

        boolean holds() {
            return addedP99() < ADDED_P99_LIMIT_MILLIS && gateway.errors() == 0 && gateway.achievedRate() >= 0.95 * rate;
        }

        String format() {
            return String.format("%6d | %7.1f / %7.1f | %6.2f / %6.2f / %7.2f | %6.2f / %6.2f / %7.2f | %6.2f / %6.2f | %d / %d",
                    rate, direct.achievedRate(), gateway.achievedRate(), direct.p50Millis(), direct.p99Millis(), direct.maxMillis(),
                    gateway.p50Millis(), gateway.p99Millis(), gateway.maxMillis(), addedP50(), addedP99(), direct.errors(), gateway.errors());
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
