package dev.tollgate.ledger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The concurrency tests' firing range: several HTTP clients (as several router instances would have) and a pool of
 * threads that starts a whole wave of POSTs at the same moment.
 */
final class ConcurrentPosts implements AutoCloseable {

    private final List<HttpClient> clients = new ArrayList<>();
    private final ExecutorService threads;

    ConcurrentPosts(int clientCount, int threadCount) {
        for (int i = 0; i < clientCount; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }
        threads = Executors.newFixedThreadPool(threadCount);
    }

    /** POSTs the JSON body (none when empty) through client number {@code client} (modulo the clients) and returns the status. */
    int post(int client, String uri, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
        if (body.isEmpty()) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return clients.get(client % clients.size()).send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Starts every call at the same moment (as far as the threads allow) and returns the statuses in order. */
    List<Integer> fire(List<Callable<Integer>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (Callable<Integer> call : calls) {
            futures.add(threads.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> future : futures) {
            statuses.add(future.get());
        }
        return statuses;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
