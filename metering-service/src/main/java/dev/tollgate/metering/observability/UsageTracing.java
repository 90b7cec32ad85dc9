package dev.tollgate.metering.observability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsagePriced;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Continues the gateway request's trace through pricing. The usage record's Kafka headers carry the W3C
 * context the router's relay sent; each priced usage gets a span {@code price usage} under it, and its
 * {@code UsagePriced} record is produced inside that span, so the ledger continues the same trace.
 */
@ApplicationScoped
public class UsageTracing {

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header header = headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> HEADER_SETTER = (headers, key, value) ->
            headers.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public UsageTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.tollgate.metering");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * Starts {@code price usage} under the trace the usage record's headers carry; {@code null} when they carry
     * none (tracing off, or usage recorded before it was on): no new trace is started for such a record.
     */
    public Span startPricing(Headers usageHeaders, EventEnvelope<UsagePriced> priced) {
        Context parent = propagator.extract(Context.root(), usageHeaders, HEADERS);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return null;
        }
        return tracer.spanBuilder("price usage").setSpanKind(SpanKind.INTERNAL).setParent(parent)
                .setAttribute("tollgate.request_id", priced.payload().requestId())
                .setAttribute("tollgate.model", priced.payload().model())
                .setAttribute("tollgate.usage_event_id", String.valueOf(priced.causationId()))
                .startSpan();
    }

    /** Writes the span's context (W3C trace context) into the outgoing record's headers; nothing when null. */
    public void inject(Span span, Headers outgoing) {
        if (span != null) {
            propagator.inject(Context.root().with(span), outgoing, HEADER_SETTER);
        }
    }

    public static void end(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }
}
