package dev.tollgate.router.observability;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The gateway's own meters, beside what Quarkus measures by itself (HTTP server, JVM, Kafka clients).
 * Tags are few and bounded: statuses, outcome codes, operations, provider and model names of the
 * catalogue. Never an account, key or request id: those belong in logs and traces.
 *
 * <ul>
 *   <li>{@code tollgate_gateway_requests_seconds{status,outcome}}: chat completions answered, by HTTP status and
 *       outcome ({@code answered}, or the OpenAI error code: {@code insufficient_credits} for a 402,
 *       {@code invalid_api_key}, {@code rate_limit_exceeded}, {@code upstream_error}, ...)</li>
 *   <li>{@code tollgate_gateway_hold_seconds{operation,result}}: the balance check as a request sees it: its worst
 *       case reserved before the upstream call ({@code place}), its cost recorded or the reservation given back after
 *       ({@code capture}, {@code release}); from the instance's leased grant, in memory unless a grant runs out</li>
 *   <li>{@code tollgate_gateway_grant_seconds{operation,result}}: the grant calls to the ledger ({@code place},
 *       {@code settle})</li>
 *   <li>{@code tollgate_gateway_upstream_seconds{provider,model,status,stream}}: until the upstream answered
 *       (whole answer, or the start of a stream)</li>
 *   <li>{@code tollgate_usage_journal_append_seconds{result}}: until a usage record was forced to the journal</li>
 * </ul>
 */
// created at start, so its series (zeros included) are on /q/metrics before the first event
@Startup
@ApplicationScoped
public class GatewayMetrics {

    private final Meter.MeterProvider<Timer> requests;
    private final Meter.MeterProvider<Timer> holds;
    private final Meter.MeterProvider<Timer> grants;
    private final Meter.MeterProvider<Timer> upstream;
    private final Meter.MeterProvider<Timer> journalAppends;

    public GatewayMetrics(MeterRegistry registry) {
        this.requests = latency("tollgate.gateway.requests", "Chat completion requests answered by the gateway, by status and outcome",
                Duration.ofMillis(1), Duration.ofMinutes(2)).withRegistry(registry);
        this.holds = latency("tollgate.gateway.hold", "The request's balance check before the upstream call and its settlement after",
                Duration.ofNanos(10_000), Duration.ofSeconds(10)).withRegistry(registry);
        this.grants = latency("tollgate.gateway.grant", "Grant calls to the ledger: a new grant of an account's credits, a settlement",
                Duration.ofMillis(1), Duration.ofSeconds(10)).withRegistry(registry);
        this.upstream = latency("tollgate.gateway.upstream", "Upstream calls until the provider answered (or started streaming)",
                Duration.ofMillis(1), Duration.ofMinutes(2)).withRegistry(registry);
        this.journalAppends = latency("tollgate.usage.journal.append", "Usage records forced to the local journal before the answer",
                Duration.ofMillis(1), Duration.ofSeconds(10)).withRegistry(registry);
        // the usual outcomes exist from the start, so rates and dashboards show zeros rather than nothing
        for (String[] known : new String[][] {{"200", "answered"}, {"402", "insufficient_credits"}}) {
            requests.withTags(Tags.of("status", known[0], "outcome", known[1]));
        }
    }

    private static Timer.Builder latency(String name, String description, Duration min, Duration max) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram().minimumExpectedValue(min).maximumExpectedValue(max);
    }

    public void requestAnswered(int status, String outcome, long nanos) {
        requests.withTags(Tags.of("status", Integer.toString(status), "outcome", outcome)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param result {@code ok}, {@code insufficient_credits} or {@code unavailable} */
    public void holdCalled(String operation, String result, long nanos) {
        holds.withTags(Tags.of("operation", operation, "result", result)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param result {@code ok}, {@code insufficient_credits} or {@code unavailable} */
    public void grantCalled(String operation, String result, long nanos) {
        grants.withTags(Tags.of("operation", operation, "result", result)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param status the upstream's HTTP status, or {@code unavailable} when it did not answer */
    public void upstreamAnswered(String provider, String model, String status, boolean stream, long nanos) {
        upstream.withTags(Tags.of("provider", provider, "model", model == null ? "unknown" : model, "status", status,
                "stream", Boolean.toString(stream))).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void journalAppended(long nanos, boolean succeeded) {
        journalAppends.withTags(Tags.of("result", succeeded ? "ok" : "failed")).record(nanos, TimeUnit.NANOSECONDS);
    }
}
