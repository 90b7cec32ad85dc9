package dev.tollgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.application.Cause;
import dev.tollgate.ledger.application.LedgerAppender;
import dev.tollgate.ledger.domain.LedgerDecisions;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Hold latency and throughput, and append throughput, against the real service and PostgreSQL.
 * Not part of the normal build (the name does not end in Test); run it with
 * <pre>../mvnw -pl ledger-service test -Dtest=HoldsBenchmark</pre>
 * and read the figures it prints (recorded in the README). Sizes: {@code BENCH_HOLDS} (default 3000).
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class HoldsBenchmark {

    private static final int HOLDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_HOLDS", "3000"));
    private static final int CONCURRENCY = 16;
    private static final int MANY_ACCOUNTS = 200;

    @TestHTTPResource("/internal/holds")
    URI holdsUri;

    @Inject
    LedgerAppender appender;

    private HttpClient http;
    private ExecutorService threads;

    @BeforeEach
    void setUp() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        threads = Executors.newFixedThreadPool(CONCURRENCY);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void measure() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        System.out.printf("%n== ledger benchmark (%d cores, %d holds per figure) ==%n", Runtime.getRuntime().availableProcessors(), HOLDS);

        // latency: one client, one hold at a time (place, then capture), one account
        String latencyAccount = "bench_lat_" + run;
        fund(latencyAccount);
        holdsSequentially(latencyAccount, HOLDS / 5, "warm"); // warm-up: JIT, pools, caches
        long[][] latencies = holdsSequentially(latencyAccount, HOLDS, "lat");
        print("hold place latency (1 client)", latencies[0]);
        print("hold capture latency (1 client)", latencies[1]);
        print("hold place+capture (1 client)", latencies[2]);

        // throughput: many clients at one hot account, then spread over many accounts
        String hot = "bench_hot_" + run;
        fund(hot);
        double hotRate = holdsConcurrently(index -> hot, "hot");
        System.out.printf("holds/s, one hot account, %d clients: %.0f (place+capture each)%n", CONCURRENCY, hotRate);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < MANY_ACCOUNTS; i++) {
            accounts.add("bench_many_" + run + "_" + i);
            fund(accounts.get(i));
        }
        double manyRate = holdsConcurrently(index -> accounts.get(index % MANY_ACCOUNTS), "many");
        System.out.printf("holds/s, %d accounts, %d clients: %.0f (place+capture each)%n", MANY_ACCOUNTS, CONCURRENCY, manyRate);

        // appends: the log's write path itself (inbox row, lock, entry, projection), without HTTP or Kafka
        double hotAppends = appendsConcurrently(index -> hot, "append-hot");
        System.out.printf("appends/s, one hot account, %d writers: %.0f%n", CONCURRENCY, hotAppends);
        double manyAppends = appendsConcurrently(index -> accounts.get(index % MANY_ACCOUNTS), "append-many");
        System.out.printf("appends/s, %d accounts, %d writers: %.0f%n", MANY_ACCOUNTS, CONCURRENCY, manyAppends);
    }

    private long[][] holdsSequentially(String account, int count, String label) throws Exception {
        long[] place = new long[count];
        long[] capture = new long[count];
        long[] both = new long[count];
        for (int i = 0; i < count; i++) {
            String holdId = account + "_" + label + "_" + i;
            long start = System.nanoTime();
            assertThat(placeHold(account, holdId)).isEqualTo(201);
            long placed = System.nanoTime();
            assertThat(captureHold(holdId)).isEqualTo(200);
            long captured = System.nanoTime();
            place[i] = placed - start;
            capture[i] = captured - placed;
            both[i] = captured - start;
        }
        return new long[][] {place, capture, both};
    }

    @FunctionalInterface
    private interface AccountFor {
        String account(int index);
    }

    private double holdsConcurrently(AccountFor accountFor, String label) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < HOLDS; i = next.getAndIncrement()) {
                    String account = accountFor.account(i);
                    String holdId = account + "_" + label + "_" + i;
                    assertThat(placeHold(account, holdId)).isEqualTo(201);
                    assertThat(captureHold(holdId)).isEqualTo(200);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        return HOLDS / ((System.nanoTime() - start) / 1e9);
    }

    private double appendsConcurrently(AccountFor accountFor, String label) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < HOLDS; i = next.getAndIncrement()) {
                    String account = accountFor.account(i);
                    Cause cause = new Cause("benchmark", account, label + ":" + account + ":" + i, null, Instant.now());
                    int appended = await(() -> appender.append(cause,
                            state -> LedgerDecisions.adjust(state, Money.ofMicros(1, "EUR"), "benchmark", "benchmark"))).size();
                    assertThat(appended).isEqualTo(1);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        return HOLDS / ((System.nanoTime() - start) / 1e9);
    }

    /** Runs a reactive call on a Vert.x context (Hibernate Reactive needs one) and waits for it. */
    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private void fund(String account) {
        Cause cause = new Cause("benchmark", account, "fund:" + account, null, Instant.now());
        await(() -> appender.append(cause,
                state -> LedgerDecisions.adjust(state, Money.ofMicros(1_000_000_000_000L, "EUR"), "benchmark credits", "benchmark")));
    }

    private int placeHold(String account, String holdId) throws Exception {
        String body = "{\"accountId\":\"" + account + "\",\"holdId\":\"" + holdId + "\",\"requestId\":\"req_" + holdId
                + "\",\"amountMicros\":50000,\"currency\":\"EUR\"}";
        return http.send(HttpRequest.newBuilder(holdsUri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int captureHold(String holdId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(holdsUri + "/" + holdId + "/capture")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amountMicros\":1200}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)%n", what,
                percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static double percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
