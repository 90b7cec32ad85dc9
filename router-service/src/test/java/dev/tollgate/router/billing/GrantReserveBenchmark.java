package dev.tollgate.router.billing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tollgate.contracts.Money;
import dev.tollgate.router.balance.BalanceView;
import dev.tollgate.router.testing.CatalogueTopic;

/**
 * The router's balance check itself: how long a request waits for its worst case to be reserved from its instance's
 * grant ({@link RequestPayment#authorise} over {@link GrantLeases}, exactly as the gateway calls it), and the capture
 * that records its cost, in memory. The ledger behind the leases answers at once ({@link FakeGrantLedger}), so the
 * figures are the in-memory path alone; grants are renewed as in production when they run low. A plain main, not
 * part of the test run:
 * <pre>
 * ./mvnw -o -q -pl router-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp router-service/target/test-classes:router-service/target/classes:$(cat router-service/target/cp.txt) \
 *   dev.tollgate.router.billing.GrantReserveBenchmark
 * </pre>
 */
public final class GrantReserveBenchmark {

    private static final int CHECKS_PER_RUN = 400_000;
    private static final int WARM_UP_CHECKS = 400_000;
    /** sim-budget, a short prompt and {@code max_tokens: 20}: a worst case of about 60 micro-units, a cost of 11. */
    private static final PricedCandidate CANDIDATE = new PricedCandidate(CatalogueTopic.BUDGET, Money.ofMicros(60, "EUR"));

    private GrantReserveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("balance check (reserve from the grant) and capture, in memory; %d cores, load average %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println("threads | accounts | checks/s | reserve p50 us | p99 us | p99.9 us | max us | reserve+capture p50 us | p99 us");
        run(1, 1, WARM_UP_CHECKS, false);
        for (int[] shape : new int[][] {{1, 1}, {2, 1}, {4, 1}, {16, 1}, {16, 1_000}}) {
            run(shape[0], shape[1], CHECKS_PER_RUN, true);
        }
    }

    private static void run(int threads, int accounts, int checks, boolean print) throws InterruptedException {
        FakeGrantLedger ledger = new FakeGrantLedger(Long.MAX_VALUE / 4);
        GrantLeases leases = new GrantLeases(ledger, ledger, new BalanceView(),
                new GrantSettings(1_000_000, 25, 25, Duration.ofSeconds(30), Duration.ofMinutes(10), 5), "bench", System::nanoTime);
        long[] reserveNanos = new long[checks];
        long[] bothNanos = new long[checks];
        AtomicInteger taken = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                int i;
                while ((i = taken.getAndIncrement()) < checks) {
                    String account = "acct_" + (i % accounts);
                    String requestId = "req_" + i;
                    long begin = System.nanoTime();
                    RequestPayment payment = RequestPayment.authorise(leases, account, requestId, List.of(CANDIDATE)).await().indefinitely();
                    long reserved = System.nanoTime();
                    payment.capture(Money.ofMicros(11, "EUR")).await().indefinitely();
                    long captured = System.nanoTime();
                    reserveNanos[i] = reserved - begin;
                    bothNanos[i] = captured - begin;
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (print) {
            Arrays.sort(reserveNanos);
            Arrays.sort(bothNanos);
            System.out.printf("%7d | %8d | %8.0f | %14.2f | %6.2f | %8.2f | %6.0f | %22.2f | %6.2f%n", threads, accounts, checks / seconds,
                    micros(reserveNanos, 0.50), micros(reserveNanos, 0.99), micros(reserveNanos, 0.999),
                    reserveNanos[checks - 1] / 1_000.0, micros(bothNanos, 0.50), micros(bothNanos, 0.99));
        }
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1_000.0;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
