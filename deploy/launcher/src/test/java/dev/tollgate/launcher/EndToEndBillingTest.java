package dev.tollgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The whole slice, for real: Kafka, PostgreSQL, the simulator and the four services as separate
 * processes (exactly what {@code ./tollgate up} runs). A chat completion sent with the official
 * OpenAI client goes router → simulator → usage event → metering → priced event → ledger append →
 * Debezium → router, and the balance drops by exactly the price, in the ledger and in the gateway.
 */
class EndToEndBillingTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalTollgate tollgate;

    @BeforeAll
    static void startTollgate() throws IOException {
        tollgate = LocalTollgate.start(LauncherSettings.forTests(Files.createTempDirectory("tollgate-e2e-")));
        System.out.printf("end-to-end: everything started in %d ms (Kafka %d ms, PostgreSQL %d ms)%n",
                tollgate.startupTime().toMillis(), tollgate.servers().kafkaStartup().toMillis(),
                tollgate.servers().postgresStartup().toMillis());
    }

    @AfterAll
    static void stopTollgate() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    @Test
    void chatCompletionsAreBilledExactlyInTheLedgerAndInTheNextCreditBalance() throws Exception {
        long seededMicros = LauncherSettings.DEMO_CREDITS_MICROS;
        awaitEqual("gateway balance before any request", "1000.0000", EndToEndBillingTest::gatewayBalance);
        // the gateway routes once it has read metering's price catalogue (until then: 503, nothing billed)
        awaitEqual("the gateway knows the simulator's models", true, () -> gatewayModels().contains("\"sim-premium\"")
                && gatewayModels().contains("\"sim-budget\""));

        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(tollgate.gatewayUrl()).apiKey(tollgate.apiKey()).build();
        HttpResponseFor<ChatCompletion> named = openAi.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("sim-premium").addUserMessage("Say hello to Tollgate").build());
        ChatCompletion completion = named.parse();

        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
        // the simulator's rule: 4 tokens per message + 1 per word; 20 completion tokens by default
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(8);
            assertThat(usage.completionTokens()).isEqualTo(20);
        });
        assertThat(named.headers().values("X-Credit-Balance")).as("balance header on a billed answer").containsExactly("1000.0000");

        // sim-premium per million tokens: upstream 15.00 prompt / 60.00 completion, platform fee 1.50 / 6.00;
        // a named model carries no routing margin:
        //   8 x (15.00 + 1.50) + 20 x (60.00 + 6.00) = 132 + 1320 = 1452 per million = 0.001452 EUR = 1452 micro-EUR
        long namedModelCostMicros = 1_452;
        awaitEqual("ledger balance after the first request", seededMicros - namedModelCostMicros, EndToEndBillingTest::ledgerBalanceMicros);

        // model "auto" lands on sim-budget with the +10% routing margin on the upstream cost:
        //   upstream 8 x 0.10 + 20 x 0.40 = 8.8, fee 8 x 0.02 + 20 x 0.08 = 1.76, margin 0.88 -> 11.44 per million
        //   = 0.00001144 EUR, rounded half up to 11 micro-EUR
        ChatCompletion auto = openAi.chat().completions().create(
                ChatCompletionCreateParams.builder().model("auto").addUserMessage("Say hello to Tollgate").build());
        assertThat(auto.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(28));
        long autoCostMicros = 11;

        long expectedMicros = seededMicros - namedModelCostMicros - autoCostMicros;
        awaitEqual("ledger balance after both requests", expectedMicros, EndToEndBillingTest::ledgerBalanceMicros);
        awaitEqual("gateway balance after both requests", "999.8537", EndToEndBillingTest::gatewayBalance);

        // charged once each: the balance stays put once both charges landed
        Thread.sleep(2_000);
        assertThat(ledgerBalanceMicros()).isEqualTo(expectedMicros);
        assertThat(tollgate.simulator().totalRequestCount()).as("upstream calls").isEqualTo(2);
    }

    @Test
    void aRequestWithoutAValidKeyIsRefusedAndReachesNoUpstream() throws Exception {
        long upstreamCallsBefore = tollgate.simulator().totalRequestCount();

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tollgate.gatewayUrl() + "/chat/completions"))
                .header("Authorization", "Bearer tg_not_a_key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-budget\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\"");
        assertThat(tollgate.simulator().totalRequestCount()).isEqualTo(upstreamCallsBefore);
    }

    @Test
    void theLocalOperatorTokenOpensTheControlPlaneAndTheLocalSecretSignsStripeWebhooks() throws Exception {
        String routerUrl = tollgate.gatewayUrl().replaceFirst("/v1$", "");
        HttpRequest.Builder createAccount = HttpRequest.newBuilder(URI.create(routerUrl + "/control/v1/accounts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Local Ltd\"}"));
        assertThat(HTTP.send(createAccount.copy().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> created = HTTP.send(createAccount.copy().header("Authorization", "Bearer " + tollgate.operatorToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"managementToken\"");

        // an event type payments does not act on: it only proves the signature is checked with the local secret
        String event = "{\"id\":\"evt_local_1\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":"
                + System.currentTimeMillis() / 1000 + ",\"livemode\":false,\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\"}}}";
        assertThat(sendStripeEvent(event, tollgate.stripeWebhookSecret()).statusCode()).isEqualTo(200);
        assertThat(sendStripeEvent(event, "whsec_not_the_local_one").statusCode()).isEqualTo(400);
    }

    @Test
    void theLocalOperatorTokenOpensMeteringsOperatorAndFinanceEndpoints() throws Exception {
        String usage = tollgate.meteringUrl() + "/usage?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z";
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(usage)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(usage)).header("Authorization", "Bearer " + tollgate.operatorToken())
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        // a rate far ahead for a currency nothing is priced in: it changes no charge of the other tests
        String rate = "{\"baseCurrency\":\"JPY\",\"quoteCurrency\":\"EUR\",\"rate\":\"0.0061\",\"effectiveFrom\":\"2031-01-01T00:00:00Z\"}";
        HttpRequest.Builder recordRate = HttpRequest.newBuilder(URI.create(tollgate.meteringUrl() + "/exchange-rates"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(rate));
        assertThat(HTTP.send(recordRate.copy().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(HTTP.send(recordRate.copy().header("Authorization", "Bearer " + tollgate.operatorToken()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
    }

    /** Stripe's signature scheme: {@code t=<seconds>,v1=hex(HMAC-SHA256(secret, t + "." + payload))}. */
    private static HttpResponse<String> sendStripeEvent(String payload, String secret) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((now + "." + payload).getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(tollgate.environment().get("TOLLGATE_STRIPE_WEBHOOK_URL")))
                .header("Content-Type", "application/json").header("Stripe-Signature", "t=" + now + ",v1=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The gateway's view of the balance, read from an authenticated request that is refused (so never billed). */
    private static String gatewayBalance() {
        try {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(tollgate.gatewayUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer " + tollgate.apiKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-budget\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("a request without messages is refused").isEqualTo(400);
            return refused.headers().firstValue("X-Credit-Balance").orElse(null);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway's model listing for the demo key ({@code GET /v1/models}: never billed). */
    private static String gatewayModels() {
        try {
            HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(tollgate.gatewayUrl() + "/models"))
                    .header("Authorization", "Bearer " + tollgate.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
            return models.statusCode() == 200 ? models.body() : "";
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long ledgerBalanceMicros() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(tollgate.ledgerUrl() + "/accounts/" + tollgate.demoAccountId() + "/balance")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher balance = Pattern.compile("\"balanceMicros\":(-?\\d+)").matcher(response.body());
            return response.statusCode() == 200 && balance.find() ? Long.parseLong(balance.group(1)) : null;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
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
