package dev.tollgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.HoldKind;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.testing.KafkaTestClient;

/**
 * The no-overdraft guarantee across router replicas, on the whole system as {@code ./tollgate up} runs
 * it but with two gateway processes, each paying from its own leased grants of the account's credits:
 * 200 concurrent requests against an account that can afford 10 never produce more than 10 upstream
 * calls' worth of charges, and the balance never goes below zero. Grants rotate every 2 s here, so the
 * second test also sees every grant settled and the unused credit back on the account.
 */
class NoOverspendTest {

    /** sim-premium, "Say hello to Tollgate", 20 completion tokens: 8 x 16.50 + 20 x 66.00 per million = 1,452 micro-EUR. */
    private static final long REQUEST_COST_MICROS = 1_452;
    private static final int AFFORDABLE_REQUESTS = 10;
    private static final int CONCURRENT_REQUESTS = 200;
    private static final String BODY = "{\"model\":\"sim-premium\",\"max_tokens\":20,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to Tollgate\"}]}";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

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
                        "tollgate.router.ledger.request-timeout", "60s",
                        "tollgate.router.grants.rotate-after", "2s")));
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

        for (String gateway : gateways) {
            awaitPricesKnown(HTTP, gateway, tollgate.apiKey());
        }
        long upstreamCallsBefore = tollgate.simulator().totalRequestCount();
        long served = burst(gateways, tollgate.apiKey(), CONCURRENT_REQUESTS);
        long upstreamCalls = tollgate.simulator().totalRequestCount() - upstreamCallsBefore;
        assertThat(upstreamCalls).as("upstream calls").isLessThanOrEqualTo(AFFORDABLE_REQUESTS).isEqualTo(served);

        assertEveryAnsweredRequestChargedOnceAndNeverBelowZero(accountId, served);
    }

    /**
     * Both gateway instances hold a grant of the account before the burst (one request through each takes one), so
     * the 200 requests are reserved in memory on two instances at once, from grants each took a share of the
     * account's credits for: still never more than 10 answered and charged. Afterwards every grant is settled at the
     * ledger (they rotate every 2 s here) and, once every charge is in, nothing stays reserved: the available balance
     * is the balance again.
     */
    @Test
    void grantsHeldByBothRoutersAtOnceNeverSpendMoreThanTheAccountHasAndTheUnusedCreditComesBack() throws Exception {
        List<String> gateways = tollgate.gatewayUrls();
        Account account = Account.create(tollgate, "both routers hold grants");
        account.fund(tollgate, AFFORDABLE_REQUESTS * REQUEST_COST_MICROS);
        for (String gateway : gateways) {
            awaitPricesKnown(HTTP, gateway, account.apiKey());
        }

        // one request through each instance: each places a grant (a quarter of what the account has left, at least
        // one request's worst case) and keeps it for what follows
        for (String gateway : gateways) {
            HttpResponse<String> first = HTTP.send(chat(gateway, account.apiKey(), BODY), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).as("a first request through %s", gateway).isEqualTo(200);
        }
        long servedFirst = gateways.size();
        long upstreamCallsBefore = tollgate.simulator().totalRequestCount();
        try (KafkaTestClient kafka = new KafkaTestClient(tollgate.kafkaBootstrapServers())) {
            List<HoldPlaced> grants = grantsPlaced(kafka, account.accountId(), 2);
            assertThat(grants).extracting(grant -> grant.holdId().split("_")[1]).as("instance ids of the grants").doesNotHaveDuplicates();
        }

        long served = servedFirst + burst(gateways, account.apiKey(), CONCURRENT_REQUESTS);
        long upstreamCalls = tollgate.simulator().totalRequestCount() - upstreamCallsBefore;
        assertThat(served).as("answered, first requests included").isLessThanOrEqualTo(AFFORDABLE_REQUESTS);
        assertThat(upstreamCalls).as("upstream calls in the burst").isEqualTo(served - servedFirst);

        assertEveryAnsweredRequestChargedOnceAndNeverBelowZero(account.accountId(), served);
        try (KafkaTestClient kafka = new KafkaTestClient(tollgate.kafkaBootstrapServers())) {
            List<HoldPlaced> grants = grantsPlaced(kafka, account.accountId(), 2);
            assertThat(grants.stream().map(grant -> grant.holdId().split("_")[1]).distinct()).as("grants of both instances").hasSize(2);
            for (HoldPlaced grant : grants) {
                await(Duration.ofSeconds(60), "grant " + grant.holdId() + " settled", () -> {
                    String status = ledgerHold(grant.holdId()).path("status").asText();
                    return status.equals("captured");
                });
            }
            JsonNode last = ledgerHold(grants.get(grants.size() - 1).holdId());
            long balance = AFFORDABLE_REQUESTS * REQUEST_COST_MICROS - served * REQUEST_COST_MICROS;
            assertThat(last.path("balanceMicros").asLong()).isEqualTo(balance);
            assertThat(last.path("availableMicros").asLong()).as("nothing reserved once every grant is settled and charged")
                    .isEqualTo(balance);
            System.out.printf("grants on both routers: %d answered of %d, %d grants placed, all settled%n", served,
                    CONCURRENT_REQUESTS + servedFirst, grants.size());
        }
    }

    /** Sends {@code count} requests at once, alternating over the gateways; every answer is 200 or 402. */
    private static long burst(List<String> gateways, String apiKey, int count) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(HTTP.sendAsync(chat(gateways.get(i % gateways.size()), apiKey, BODY), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
        Map<Integer, Long> byStatus = answers.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        long served = byStatus.getOrDefault(200, 0L);
        System.out.printf("no overspend: %d requests over %d routers, statuses %s%n", count, gateways.size(), byStatus);
        assertThat(served).as("answered requests (statuses %s)", byStatus).isPositive().isLessThanOrEqualTo(AFFORDABLE_REQUESTS);
        assertThat(byStatus.keySet()).as("every other request is refused for want of credits").containsOnly(200, 402);
        return served;
    }

    private static HttpRequest chat(String gateway, String apiKey, String body) {
        return HttpRequest.newBuilder(URI.create(gateway + "/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Exactly one usage and one charge per answered request, of the expected size, and no entry below zero. */
    private static void assertEveryAnsweredRequestChargedOnceAndNeverBelowZero(String accountId, long served) throws Exception {
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
            assertThat(charges).as("each charge names the grant that paid for it").allSatisfy(charge ->
                    assertThat(charge.holdId()).startsWith("grant_"));
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
    private static void awaitPricesKnown(HttpClient http, String gateway, String apiKey) throws Exception {
        HttpRequest unaffordable = HttpRequest.newBuilder(URI.create(gateway + "/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey)
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

    /** The grants placed for the account, at least {@code atLeast} of them, from the ledger's log on Kafka. */
    private static List<HoldPlaced> grantsPlaced(KafkaTestClient kafka, String accountId, int atLeast) {
        kafka.awaitRecords(Topics.LEDGER_EVENTS, record -> accountId.equals(record.key()) && record.value().contains("\"HoldPlaced\""),
                atLeast);
        return distinctByEventId(kafka.recordsWithin(Topics.LEDGER_EVENTS, record -> accountId.equals(record.key()), Duration.ofSeconds(3)),
                LedgerEvent.class).stream().map(EventEnvelope::payload).filter(HoldPlaced.class::isInstance).map(HoldPlaced.class::cast)
                .filter(placed -> placed.kind() == HoldKind.GRANT).toList();
    }

    private static JsonNode ledgerHold(String holdId) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tollgate.ledgerUrl() + "/internal/holds/" + holdId))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.missingNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(Duration atMost, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + atMost + " for: " + what);
            }
            Thread.sleep(250);
        }
    }

    /** An account made through the control plane (operator token), with one key, funded as payments would fund it. */
    private record Account(String accountId, String apiKey) {

        static Account create(LocalTollgate tollgate, String name) throws Exception {
            String control = tollgate.gatewayUrl().replaceFirst("/v1$", "") + "/control/v1/accounts";
            JsonNode account = post(control, "Bearer " + tollgate.operatorToken(), "{\"name\":\"" + name + "\"}");
            String accountId = account.path("accountId").asText();
            String management = "Bearer " + account.path("managementToken").asText();
            post(control + "/" + accountId + "/profile", management, "{\"lowestTier\":\"budget\",\"highestTier\":\"premium\"}");
            String key = post(control + "/" + accountId + "/keys", management, "{\"name\":\"no overspend\"}").path("key").asText();
            return new Account(accountId, key);
        }

        void fund(LocalTollgate tollgate, long micros) throws Exception {
            Money credited = Money.ofMicros(micros, "EUR");
            CreditsPurchased purchase = new CreditsPurchased("pay_" + UUID.randomUUID(), "test", "pi_test", credited,
                    Money.zero("EUR"), Money.zero("EUR"), credited, null);
            try (KafkaTestClient kafka = new KafkaTestClient(tollgate.kafkaBootstrapServers())) {
                kafka.send(Topics.PAYMENTS_EVENTS, accountId, EventCodec.encode(EventEnvelope.wrap(UUID.randomUUID(), accountId,
                        Instant.now(), null, null, purchase)));
            }
            NoOverspendTest.await(Duration.ofSeconds(60), "account " + accountId + " funded", () -> {
                try {
                    HttpResponse<String> balance = HTTP.send(HttpRequest.newBuilder(URI.create(tollgate.ledgerUrl() + "/accounts/" + accountId
                            + "/balance")).GET().build(), HttpResponse.BodyHandlers.ofString());
                    return balance.statusCode() == 200 && JSON.readTree(balance.body()).path("balanceMicros").asLong() == micros;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        }

        private static JsonNode post(String url, String authorization, String body) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(201);
            return JSON.readTree(response.body());
        }
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
