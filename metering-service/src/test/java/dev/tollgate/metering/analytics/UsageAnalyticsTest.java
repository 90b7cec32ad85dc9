package dev.tollgate.metering.analytics;

import static dev.tollgate.metering.TestTokens.asFinance;
import static dev.tollgate.metering.UsageEvents.newAccountId;
import static dev.tollgate.metering.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.metering.analytics.UsageAnalyticsResource.UsageBucket;
import dev.tollgate.metering.analytics.UsageAnalyticsResource.UsageReport;
import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TollgateServersResource;

/** Usage analytics fed by the priced usage on the real broker, counted once however often an event arrives. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class UsageAnalyticsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void tokensAndCostPerAccountModelAndHourOrDayCountEachUsageOnce() throws Exception {
        String account = newAccountId();
        // sim-budget, auto, 1,000 prompt + c completion tokens: 130 + 0.52c micro-units, half up (see MeteringKillIT)
        EventEnvelope<UsageRecorded> first = usage(account, "sim-budget", RoutingMode.AUTO, Instant.parse("2026-11-20T10:05:00Z"), 1_000, 0, 100);
        EventEnvelope<UsageRecorded> second = usage(account, "sim-budget", RoutingMode.AUTO, Instant.parse("2026-11-20T10:55:00Z"), 1_000, 200, 50);
        EventEnvelope<UsageRecorded> third = usage(account, "sim-budget", RoutingMode.AUTO, Instant.parse("2026-11-20T11:00:00Z"), 1_000, 0, 0);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            for (EventEnvelope<UsageRecorded> usage : java.util.List.of(first, second, third, first)) { // first one twice
                kafka.send(Topics.USAGE_RECORDED, account, EventCodec.encode(usage));
            }
        }

        UsageReport hours = awaitRequests(account, "hour", 3);
        assertThat(hours.buckets()).extracting(UsageBucket::periodStart)
                .containsExactly(Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T11:00:00Z"));
        UsageBucket tenOClock = hours.buckets().get(0);
        assertThat(tenOClock.requests()).isEqualTo(2);
        assertThat(tenOClock.promptTokens()).isEqualTo(2_000);
        assertThat(tenOClock.cachedPromptTokens()).isEqualTo(200);
        assertThat(tenOClock.completionTokens()).isEqualTo(150);
        // first: 130 + 52 = 182. second: uncached 800 x 0.10 + cached 200 x 0.05 + 50 x 0.40 = 80 + 10 + 20 = 110 upstream,
        // fee 1,000 x 0.02 + 50 x 0.08 = 24, margin 11: 145 micro-units
        assertThat(tenOClock.costMicros()).isEqualTo(182 + 145);
        assertThat(hours.buckets().get(1).costMicros()).isEqualTo(130);

        UsageReport days = get(account, "day");
        assertThat(days.buckets()).hasSize(1);
        assertThat(days.buckets().get(0).periodStart()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(days.buckets().get(0).requests()).isEqualTo(3);
        assertThat(days.buckets().get(0).costMicros()).isEqualTo(182 + 145 + 130);
        assertThat(days.buckets().get(0).currency()).isEqualTo("EUR");

        Thread.sleep(1_500); // the duplicate of the first usage has been priced and projected by now: still counted once
        assertThat(get(account, "day").buckets().get(0).requests()).isEqualTo(3);
    }

    @Test
    void aBadPeriodIsAProblem() {
        asFinance().queryParam("from", "2026-11-21T00:00:00Z").queryParam("to", "2026-11-20T00:00:00Z")
                .when().get("/usage")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode()).contentType("application/problem+json");
        asFinance().queryParam("from", "yesterday").queryParam("to", "2026-11-20T00:00:00Z")
                .when().get("/usage")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode()).contentType("application/problem+json");
        asFinance().queryParam("from", "2026-11-19T00:00:00Z").queryParam("to", "2026-11-20T00:00:00Z").queryParam("granularity", "week")
                .when().get("/usage")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode()).contentType("application/problem+json");
    }

    private UsageReport awaitRequests(String account, String granularity, long requests) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        UsageReport report = get(account, granularity);
        while (report.buckets().stream().mapToLong(UsageBucket::requests).sum() < requests && System.nanoTime() < deadline) {
            Thread.sleep(200);
            report = get(account, granularity);
        }
        assertThat(report.buckets().stream().mapToLong(UsageBucket::requests).sum()).isEqualTo(requests);
        return report;
    }

    private static UsageReport get(String account, String granularity) {
        return asFinance().queryParam("accountId", account).queryParam("from", "2026-11-20T00:00:00Z")
                .queryParam("to", "2026-11-21T00:00:00Z").queryParam("granularity", granularity)
                .when().get("/usage")
                .then().statusCode(Status.OK.getStatusCode())
                .extract().as(UsageReport.class);
    }
}
