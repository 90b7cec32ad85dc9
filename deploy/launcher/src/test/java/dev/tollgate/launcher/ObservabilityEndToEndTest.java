package dev.tollgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.launcher.OtlpTraceReceiver.ReceivedSpan;

/**
 * Metrics, traces, logs and health of the real services, started exactly as {@code ./tollgate up} starts them
 * (production profile), with trace export switched on towards an OTLP receiver in this test:
 * <ul>
 *   <li>one chat completion is one trace, from the gateway's HTTP span through the usage journal and its relay,
 *       metering's pricing, to the ledger's append;</li>
 *   <li>{@code /q/metrics} of each service moves with a real flow, and every metric the Grafana dashboard
 *       queries is one the services expose;</li>
 *   <li>readiness includes Kafka and PostgreSQL in every service;</li>
 *   <li>production logs are JSON lines with the request and account ids, and never contain an API key.</li>
 * </ul>
 */
class ObservabilityEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DASHBOARD_METRIC = Pattern.compile("\\b(?:tollgate|kafka|http_server|jvm|process)_[a-z0-9_]+");

    private static OtlpTraceReceiver receiver;
    private static LocalTollgate tollgate;
    private static Path stateDir;

    @BeforeAll
    static void startTollgateExportingTraces() throws Exception {
        receiver = OtlpTraceReceiver.start();
        stateDir = Files.createTempDirectory("tollgate-observability-");
        Map<String, String> tracing = new HashMap<>(LauncherSettings.tracingTo(receiver.endpoint(), "http/protobuf"));
        // export every 100 ms instead of every 5 s, so the test does not wait for the batch
        tracing.put("quarkus.otel.bsp.schedule.delay", "100ms");
        tollgate = LocalTollgate.start(LauncherSettings.forTests(stateDir).withServiceProperties(tracing));
        // the gateway serves once it has read the price catalogue from Kafka: until then it answers 503
        awaitEqual("a chat completion answered", 200, () -> {
            try {
                return chat(tollgate.apiKey(), "sim-budget").statusCode();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void oneChatCompletionIsOneTraceFromTheGatewayThroughPricingToTheLedgerAppend() throws Exception {
        HttpResponse<String> answer = chat(tollgate.apiKey(), "sim-standard");
        assertThat(answer.statusCode()).isEqualTo(200);
        String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();

        // the router journals the usage inside the request's trace; find that trace by the request id
        ReceivedSpan journalled = await(() -> "the router's journal append span of " + requestId + " among the spans received: "
                + receiver.spans().stream().map(span -> span.service() + ": " + span.name()).distinct().toList()
                + ", exports refused: " + receiver.failures(), () -> receiver.spans().stream()
                .filter(span -> span.name().equals("usage journal append") && requestId.equals(span.attribute("tollgate.request_id")))
                .findFirst());
        String traceId = journalled.traceId();

        ReceivedSpan ledgerAppend = await("the ledger's append span in trace " + traceId, () -> inTrace(traceId)
                .filter(span -> span.service().equals("ledger-service") && span.name().equals("ledger append")).findFirst());
        await("metering's pricing span in trace " + traceId, () -> inTrace(traceId)
                .filter(span -> span.service().equals("metering-service") && span.name().equals("price usage")).findFirst());
        await("the relay's publish span in trace " + traceId, () -> inTrace(traceId)
                .filter(span -> span.service().equals("router-service") && span.name().equals("tollgate.usage.recorded.v1 publish"))
                .findFirst());

        // one unbroken chain: ledger append -> ... -> the gateway's HTTP server span, the trace's root
        Map<String, ReceivedSpan> byId = inTrace(traceId).collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
        List<String> chain = new ArrayList<>();
        ReceivedSpan span = ledgerAppend;
        while (span != null) {
            chain.add(span.service() + ": " + span.name());
            span = span.parentSpanId().isEmpty() ? null : byId.get(span.parentSpanId());
            assertThat(chain).as("no cycle").hasSizeLessThan(50);
        }
        ReceivedSpan root = byId.values().stream().filter(candidate -> candidate.parentSpanId().isEmpty()).findFirst().orElseThrow();
        assertThat(chain).as("from the ledger's append up to the root, every parent received")
                .contains("metering-service: price usage", "router-service: tollgate.usage.recorded.v1 publish",
                        "router-service: usage journal append")
                .last().isEqualTo(root.service() + ": " + root.name());
        assertThat(root.service()).isEqualTo("router-service");
        assertThat(root.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(root.name()).contains("/v1/chat/completions");
        // the hold at the ledger, a synchronous HTTP call before the upstream, is in the same trace
        assertThat(inTrace(traceId).filter(candidate -> candidate.service().equals("ledger-service")
                && candidate.kind().equals("SPAN_KIND_SERVER") && candidate.name().contains("/internal/holds")))
                .as("the ledger's hold endpoint spans").isNotEmpty();
        System.out.printf("trace %s: %d spans, chain %s%n", traceId, byId.size(), chain);
    }

    @Test
    void metricsMoveWithARealFlowAndTheDashboardQueriesOnlyExposedMetrics() throws Exception {
        String router = tollgate.gatewayUrl().replaceFirst("/v1$", "");
        PrometheusScrape routerBefore = PrometheusScrape.of(router);
        PrometheusScrape meteringBefore = PrometheusScrape.of(tollgate.meteringUrl());
        PrometheusScrape ledgerBefore = PrometheusScrape.of(tollgate.ledgerUrl());
        PrometheusScrape paymentsBefore = PrometheusScrape.of(tollgate.paymentsUrl());
        long ledgerChargesBefore = (long) ledgerBefore.sum("tollgate_ledger_entries_total", "type", "UsageCharged");

        assertThat(chat(tollgate.apiKey(), "sim-budget").statusCode()).isEqualTo(200);
        assertThat(chat("tg_not_a_key_" + randomHex(), "sim-budget").statusCode()).isEqualTo(401);
        assertThat(chat(keyOfAnAccountWithoutCredits(router), "sim-budget").statusCode()).isEqualTo(402);
        assertThat(sendStripeEvent(tollgate.stripeWebhookSecret()).statusCode()).isEqualTo(200);
        assertThat(sendStripeEvent("whsec_not_the_right_one").statusCode()).isEqualTo(400);

        // the charge reaches the ledger through the journal, the relay, Kafka and metering
        awaitEqual("UsageCharged entries at the ledger", ledgerChargesBefore + 1,
                () -> (long) PrometheusScrape.of(tollgate.ledgerUrl()).sum("tollgate_ledger_entries_total", "type", "UsageCharged"));
        PrometheusScrape routerAfter = PrometheusScrape.of(router);
        PrometheusScrape meteringAfter = PrometheusScrape.of(tollgate.meteringUrl());
        PrometheusScrape ledgerAfter = PrometheusScrape.of(tollgate.ledgerUrl());
        PrometheusScrape paymentsAfter = PrometheusScrape.of(tollgate.paymentsUrl());

        assertMoved(routerBefore, routerAfter, 1, "tollgate_gateway_requests_seconds_count", "status", "200", "outcome", "answered");
        assertMoved(routerBefore, routerAfter, 1, "tollgate_gateway_requests_seconds_count", "status", "401", "outcome", "invalid_api_key");
        assertMoved(routerBefore, routerAfter, 1, "tollgate_gateway_requests_seconds_count", "status", "402", "outcome", "insufficient_credits");
        assertMoved(routerBefore, routerAfter, 1, "tollgate_gateway_hold_seconds_count", "operation", "place", "result", "ok");
        // refused twice: for the worst case of every fallback candidate, then for the first candidate's alone
        assertThat(routerAfter.sum("tollgate_gateway_hold_seconds_count", "operation", "place", "result", "insufficient_credits")
                - routerBefore.sum("tollgate_gateway_hold_seconds_count", "operation", "place", "result", "insufficient_credits"))
                .as("hold placements refused").isBetween(1.0, 2.0);
        // the account without credits asked the ledger for a grant, and was refused there
        assertThat(routerAfter.sum("tollgate_gateway_grant_seconds_count", "operation", "place", "result", "insufficient_credits")
                - routerBefore.sum("tollgate_gateway_grant_seconds_count", "operation", "place", "result", "insufficient_credits"))
                .as("grant placements refused by the ledger").isGreaterThanOrEqualTo(1.0);
        assertMoved(routerBefore, routerAfter, 1, "tollgate_gateway_upstream_seconds_count", "provider", "simulator", "model", "sim-budget", "status", "200");
        assertMoved(routerBefore, routerAfter, 1, "tollgate_usage_journal_appends_total");
        assertMoved(routerBefore, routerAfter, 1, "tollgate_usage_relay_sent_total");
        assertThat(routerAfter.sum("tollgate_usage_journal_unacknowledged_entries")).as("relay backlog").isZero();
        assertMoved(meteringBefore, meteringAfter, 1, "tollgate_metering_priced_total", "tier", "budget");
        assertMoved(meteringBefore, meteringAfter, 1, "tollgate_metering_usage_age_seconds_count");
        assertThat(meteringAfter.sum("tollgate_metering_pricing_seconds_count")).isGreaterThan(meteringBefore.sum("tollgate_metering_pricing_seconds_count"));
        assertMoved(ledgerBefore, ledgerAfter, 1, "tollgate_ledger_entries_total", "type", "UsageCharged");
        // the gateway pays from leased grants: this request may have drawn on a grant placed by an earlier one
        assertThat(ledgerAfter.sum("tollgate_ledger_entries_total", "type", "HoldPlaced")).as("grants placed at the ledger")
                .isGreaterThanOrEqualTo(1.0);
        assertMoved(paymentsBefore, paymentsAfter, 1, "tollgate_payments_webhooks_total", "type", "other", "result", "ignored");
        assertMoved(paymentsBefore, paymentsAfter, 1, "tollgate_payments_webhooks_total", "type", "unknown", "result", "bad_signature");
        assertThat(meteringAfter.names()).as("Kafka consumer lag, from the Kafka client's metrics").contains("kafka_consumer_fetch_manager_records_lag_max");

        // never an account id, key or request id as a label value
        for (PrometheusScrape scrape : List.of(routerAfter, meteringAfter, ledgerAfter, paymentsAfter)) {
            assertThat(scrape.labelValues()).as("label values").noneMatch(value -> value.startsWith("acct_")
                    || value.startsWith("tg_") || value.startsWith("req_") || value.startsWith("key_"));
        }

        Set<String> exposed = new TreeSet<>();
        Stream.of(routerAfter, meteringAfter, ledgerAfter, paymentsAfter).forEach(scrape -> exposed.addAll(scrape.names()));
        Set<String> queried = dashboardMetrics();
        assertThat(queried).as("metrics the dashboard queries").hasSizeGreaterThan(20);
        assertThat(exposed).as("metrics the services expose (dashboard: deploy/grafana/tollgate-dashboard.json)").containsAll(queried);
    }

    @Test
    void everyServiceIsReadyWithItsKafkaAndPostgresChecksUp() throws Exception {
        Map<String, String> services = new LinkedHashMap<>();
        services.put("router-service", tollgate.gatewayUrl().replaceFirst("/v1$", ""));
        services.put("metering-service", tollgate.meteringUrl());
        services.put("ledger-service", tollgate.ledgerUrl());
        services.put("payments-service", tollgate.paymentsUrl());
        for (Map.Entry<String, String> service : services.entrySet()) {
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(service.getValue() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode health = JSON.readTree(ready.body());
            assertThat(ready.statusCode()).as(service.getKey() + " ready").isEqualTo(200);
            List<String> upChecks = new ArrayList<>();
            health.path("checks").forEach(check -> {
                if (check.path("status").asText().equals("UP")) {
                    upChecks.add(check.path("name").asText());
                }
            });
            assertThat(upChecks).as(service.getKey() + ": a PostgreSQL check").anyMatch(name -> name.contains("PostgreSQL") || name.contains("Database"));
            assertThat(upChecks).as(service.getKey() + ": a Kafka check").anyMatch(name -> name.contains("Kafka") || name.contains("Reactive Messaging"));
        }
    }

    @Test
    void productionLogsAreJsonLinesWithRequestAndAccountIdsAndNeverAnApiKey() throws Exception {
        String wrongKey = "tg_wrong_" + randomHex();
        HttpResponse<String> refused = chat(wrongKey, "sim-budget");
        assertThat(refused.statusCode()).isEqualTo(401);
        HttpResponse<String> answered = chat(tollgate.apiKey(), "sim-budget");
        assertThat(answered.statusCode()).isEqualTo(200);
        String requestId = answered.headers().firstValue("X-Request-Id").orElseThrow();
        String refusedId = refused.headers().firstValue("X-Request-Id").orElseThrow();

        Path routerLog = stateDir.resolve("logs/router-service.log");
        JsonNode line = await("the router's JSON log line of " + requestId, () -> jsonLines(routerLog).stream()
                .filter(json -> requestId.equals(json.path("mdc").path("requestId").asText())
                        && json.path("loggerName").asText().endsWith("GatewayRequestLog"))
                .findFirst());
        assertThat(line.path("mdc").path("accountId").asText()).isEqualTo(tollgate.demoAccountId());
        assertThat(line.path("mdc").path("traceId").asText()).as("the trace id, to go from a log line to its trace").hasSize(32);
        assertThat(line.path("message").asText()).contains("200");
        JsonNode refusedLine = await("the router's JSON log line of " + refusedId, () -> jsonLines(routerLog).stream()
                .filter(json -> refusedId.equals(json.path("mdc").path("requestId").asText())).findFirst());
        assertThat(refusedLine.path("message").asText()).contains("401");

        try (Stream<Path> logs = Files.list(stateDir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                String content = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(content).as(log.getFileName() + " never holds an API key").doesNotContain(tollgate.apiKey()).doesNotContain(wrongKey);
                assertThat(content).as(log.getFileName() + " never holds the operator token").doesNotContain(tollgate.operatorToken());
            }
        }
    }

    // ---- helpers ----

    private static String randomHex() {
        byte[] bytes = new byte[12];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static HttpResponse<String> chat(String apiKey, String model) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(tollgate.gatewayUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to Tollgate\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A new account (control plane, operator token), its profile and a key: no credits were ever bought for it. */
    private static String keyOfAnAccountWithoutCredits(String router) throws IOException, InterruptedException {
        JsonNode account = JSON.readTree(control(router + "/control/v1/accounts", tollgate.operatorToken(), "{\"name\":\"No Credits Ltd\"}"));
        String accountId = account.path("accountId").asText();
        String management = account.path("managementToken").asText();
        control(router + "/control/v1/accounts/" + accountId + "/profile", management, "{\"lowestTier\":\"budget\",\"highestTier\":\"premium\"}");
        return JSON.readTree(control(router + "/control/v1/accounts/" + accountId + "/keys", management, "{\"name\":\"observability\"}"))
                .path("key").asText();
    }

    private static String control(String url, String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST " + url + ": " + response.body()).isEqualTo(201);
        return response.body();
    }

    /** A signed Stripe event of a type payments does not act on ({@code other}, {@code ignored}). */
    private static HttpResponse<String> sendStripeEvent(String secret) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String payload = "{\"id\":\"evt_obs_" + System.nanoTime() + "\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":"
                + now + ",\"livemode\":false,\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\"}}}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((now + "." + payload).getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(tollgate.paymentsUrl() + "/webhooks/stripe"))
                .header("Content-Type", "application/json").header("Stripe-Signature", "t=" + now + ",v1=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertMoved(PrometheusScrape before, PrometheusScrape after, double by, String name, String... labels) {
        assertThat(after.sum(name, labels) - before.sum(name, labels)).as(name + " " + String.join(",", labels)).isEqualTo(by);
    }

    /** Every metric name the dashboard's queries use. */
    private static Set<String> dashboardMetrics() throws IOException {
        Path dashboard = LauncherSettings.findRepositoryRoot().resolve("deploy/grafana/tollgate-dashboard.json");
        Set<String> names = new TreeSet<>();
        JSON.readTree(dashboard.toFile()).findValues("expr").forEach(expr -> {
            Matcher metric = DASHBOARD_METRIC.matcher(expr.asText());
            while (metric.find()) {
                names.add(metric.group());
            }
        });
        return names;
    }

    private static Stream<ReceivedSpan> inTrace(String traceId) {
        return receiver.spans().stream().filter(span -> span.traceId().equals(traceId));
    }

    private static List<JsonNode> jsonLines(Path log) {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("{")) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        return await(() -> what, probe);
    }

    private static <T> T await(Supplier<String> what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<T> found = probe.get();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = probe.get();
        }
        assertThat(found).as(what.get()).isPresent();
        return found.get();
    }

    private static <T> void awaitEqual(String what, T expected, Supplier<T> actual) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T seen = actual.get();
        while (!expected.equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = actual.get();
        }
        assertThat(seen).as(what).isEqualTo(expected);
    }
}
