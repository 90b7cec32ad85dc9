package dev.tollgate.router.journal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tollgate.contracts.EventCodec;

/**
 * How long a client waits for its usage to be on disk, and how many appends one force covers, at
 * several numbers of concurrent requests. A plain main (not part of the test run):
 * <pre>
 * ./mvnw -o -q -pl router-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp router-service/target/test-classes:router-service/target/classes:$(cat router-service/target/cp.txt) \
 *   dev.tollgate.router.journal.JournalAppendBenchmark [folder]
 * </pre>
 */
public final class JournalAppendBenchmark {

    private static final int APPENDS_PER_LEVEL = 20_000;

    private JournalAppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("journal-benchmark-");
        byte[] value = EventCodec.encode(UsageRecords.usage("acct_benchmark", 1)).getBytes(UTF_8);
        byte[] key = "acct_benchmark".getBytes(UTF_8);
        System.out.printf("journal in %s, entries of %d bytes%n", folder, value.length);
        System.out.println("concurrent | appends/s | p50 ms | p99 ms | max ms | appends per force");
        for (int concurrency : new int[] {1, 8, 32, 128}) {
            try (Journal journal = Journal.open(folder.resolve("c" + concurrency), 64L << 20)) {
                int total = concurrency == 1 ? 2_000 : APPENDS_PER_LEVEL;
                long[] latencies = new long[total];
                AtomicInteger taken = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                long started = System.nanoTime();
                for (int t = 0; t < concurrency; t++) {
                    Thread thread = new Thread(() -> {
                        int i;
                        while ((i = taken.getAndIncrement()) < total) {
                            long begin = System.nanoTime();
                            journal.append(key, value).join();
                            latencies[i] = System.nanoTime() - begin;
                        }
                    });
                    thread.start();
                    threads.add(thread);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Arrays.sort(latencies);
                System.out.printf("%10d | %9.0f | %6.2f | %6.2f | %6.2f | %.1f%n", concurrency, total / seconds,
                        latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6, latencies[total - 1] / 1e6,
                        (double) journal.appendCount() / journal.forceCount());
            }
        }
    }
}
