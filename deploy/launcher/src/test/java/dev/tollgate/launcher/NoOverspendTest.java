package dev.tollgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.testing.KafkaTestClient;

/**
 * The no-overdraft guarantee across router replicas, on the whole system as {@code ./tollgate up} runs
 * it but with two gateway processes: 200 concurrent requests against an account that can afford 10
 * never produce more than 10 upstream calls' worth of charges, and the balance never goes below zero.
 */
class NoOverspendTest {

    /** sim-premium, "Say hello to Tollgate", 20 completion tokens: 8 x 16.50 + 20 x 66.00 per million = 1,452 micro-EUR. */
    private static final long REQUEST_COST_MICROS = 1_452;
    private static final int AFFORDABLE_REQUESTS = 10;
    private static final int CONCURRENT_REQUESTS = 200;
    private static final String BODY = "{\"model\":\"sim-premium\",\"max_tokens\":20,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to Tollgate\"}]}";

    private static LocalTollgate tollgate;

    @BeforeAll
    static void startTollgateWithTwoRouters() throws Exception {
        tollgate = LocalTollgate.start(LauncherSettings.forTests(Files.createTempDirectory("tollgate-overspend-"))
                .withRouterInstances(2)
                .withDemoCreditsMicros(AFFORDABLE_REQUESTS * REQUEST_COST_MICROS)
                // only credits may refuse a request here: not the per-key rate limits, nor the router's patience
                // with a ledger that serialises 200 holds on one account on a busy 2-core machine
                .withRouterProperties(Map.of("tollgate.router.limits.requests-per-minute", "100000",
                        "tollgate.router.limits.tokens-per-minute", "100000000",
                        "tollgate.router.ledger.request-timeout", "60s")));
    }

    @AfterAll
    static void stopTollgate() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    @Test
    void twoHundredConcurrentRequestsOverTwoRoutersNeverSpendMoreThanTheAccountHas() throws Exception {
        List<String> gateways = tollgate.gatewayUrls();
        assertThat(gateways).hasSize(2);
        String accountId = tollgate.demoAccountId();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String gateway : gateways) {
            awaitPricesKnown(http, gateway);
        }
        long upstreamCallsBefore = tollgate.simulator().totalRequestCount();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateways.get(i % 2) + "/chat/completions"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + tollgate.apiKey())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
        Map<Integer, Long> byStatus = answers.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        long served = byStatus.getOrDefault(200, 0L);

        assertThat(served).as("answered requests (statuses %s)", byStatus).isPositive().isLessThanOrEqualTo(AFFORDABLE_REQUESTS);
        assertThat(byStatus.keySet()).as("every other request is refused for want of credits").containsOnly(200, 402);
        long upstreamCalls = tollgate.simulator().totalRequestCount() - upstreamCallsBefore;
        System.out.printf("no overspend: %d requests over %d routers, statuses %s, %d upstream calls%n",
                CONCURRENT_REQUESTS, gateways.size(), byStatus, upstreamCalls);
        assertThat(upstreamCalls).as("upstream calls").isLessThanOrEqualTo(AFFORDABLE_REQUESTS).isEqualTo(served);

        try (KafkaTestClient kafka = new KafkaTestClient(tollgate.kafkaBootstrapServers())) {
            // every answered request has exactly one usage (by event id), each of the expected size
            List<EventEnvelope<UsageRecorded>> usages = distinctByEventId(kafka.recordsWithin(Topics.USAGE_RECORDED,
                    record -> accountId.equals(record.key()), Duration.ofSeconds(5)), UsageRecorded.class);
            assertThat(usages).as("usage recorded").hasSize((int) served)
                    .allSatisfy(usage -> {
                        assertThat(usage.payload().promptTokens()).isEqualTo(8);
                        assertThat(usage.payload().completionTokens()).isEqualTo(20);
                    });

            // wait until every usage is charged, then read the account's whole log
            kafka.awaitRecords(Topics.LEDGER_EVENTS, record -> accountId.equals(record.key())
                    && record.value().contains("\"UsageCharged\""), (int) served);
            Thread.sleep(2_000);
            List<EventEnvelope<LedgerEvent>> log = distinctByEventId(kafka.recordsWithin(Topics.LEDGER_EVENTS,
                    record -> accountId.equals(record.key()), Duration.ofSeconds(5)), LedgerEvent.class);

            assertThat(log).as("the account's ledger log").isNotEmpty().allSatisfy(entry -> assertThat(
                    entry.payload().balanceAfter().amountMicros()).as("balance after %s #%d", entry.type(), entry.payload().sequence())
                    .isNotNegative());
            List<UsageCharged> charges = log.stream().map(EventEnvelope::payload)
                    .filter(UsageCharged.class::isInstance).map(UsageCharged.class::cast).toList();
            assertThat(charges).as("one charge per answered request").hasSize((int) served)
                    .extracting(UsageCharged::requestId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(usages.stream().map(usage -> usage.payload().requestId()).toList());
            long chargedMicros = -charges.stream().mapToLong(charge -> charge.amount().amountMicros()).sum();
            assertThat(chargedMicros).as("sum of charges = sum of usage").isEqualTo(served * REQUEST_COST_MICROS);
            long lastBalance = log.stream().max((a, b) -> Long.compare(a.payload().sequence(), b.payload().sequence()))
                    .orElseThrow().payload().balanceAfter().amountMicros();
            assertThat(lastBalance).isEqualTo(AFFORDABLE_REQUESTS * REQUEST_COST_MICROS - chargedMicros);
        }
    }

    /**
     * Waits until a gateway knows the model's prices (it reads them from metering's catalogue topic after
     * starting), asking for a completion far too large for the account: it is refused with 402 before any
     * upstream call once the worst case can be priced, and changes nothing.
     */
    private static void awaitPricesKnown(HttpClient http, String gateway) throws Exception {
        HttpRequest unaffordable = HttpRequest.newBuilder(URI.create(gateway + "/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + tollgate.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY.replace("\"max_tokens\":20", "\"max_tokens\":100000"))).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = http.send(unaffordable, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 402) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(gateway + " still answers " + status + " instead of 402 to an unaffordable request");
    }

    private static <P extends EventPayload> List<EventEnvelope<P>> distinctByEventId(List<ConsumerRecord<String, String>> records,
                                                                                   Class<P> payloadType) {
        return records.stream()
                .map(record -> EventCodec.decode(record.value()))
                .filter(envelope -> payloadType.isInstance(envelope.payload()))
                .collect(Collectors.toMap(EventEnvelope::eventId, Function.identity(), (first, duplicate) -> first,
                        java.util.LinkedHashMap::new))
                .values().stream().map(envelope -> {
                    @SuppressWarnings("unchecked")
                    EventEnvelope<P> typed = (EventEnvelope<P>) (EventEnvelope<?>) envelope;
                    return typed;
                }).toList();
    }
}
