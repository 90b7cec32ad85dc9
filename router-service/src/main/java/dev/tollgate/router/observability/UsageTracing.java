package dev.tollgate.router.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tollgate.router.journal.JournalRelay;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * Carries a request's trace across the usage journal. The usage reaches Kafka later, from the relay's own
 * thread, so the trace context cannot follow by itself: the append's span context is journalled with the record
 * (W3C {@code traceparent}, {@code tracestate}), and the relay sends each record inside a producer span that
 * continues that context and puts it in the Kafka record's headers, where metering picks it up.
 *
 * <p>With the OpenTelemetry SDK disabled (the local default) the propagator is a no-op: nothing is journalled
 * and records go without trace headers.
 */
@ApplicationScoped
public class UsageTracing {

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public UsageTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.tollgate.router");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** A span for one journal append, child of the current (request) context, and the headers that carry it. */
    public Appending startAppend(String requestId) {
        Span span = tracer.spanBuilder("usage journal append").setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current())
                .setAttribute("tollgate.request_id", requestId)
                .startSpan();
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(Context.current().with(span), headers, Map::put);
        return new Appending(span, headers);
    }

    /** The span of an append and the context headers journalled with its record. */
    public record Appending(Span span, Map<String, String> headers) {

        public void ended(Throwable failure) {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            }
            span.end();
        }
    }

    /**
     * What the relay sends with each record: for a record journalled with a trace context, a producer span
     * continuing it (ended when Kafka answers) and that span's context as headers; otherwise the journalled
     * headers unchanged (no new trace is started for a record that had none).
     */
    public JournalRelay.RecordObserver relayObserver(String topic) {
        return entry -> {
            Context parent = propagator.extract(Context.root(), entry.headers(), MAP_GETTER);
            if (!Span.fromContext(parent).getSpanContext().isValid()) {
                return JournalRelay.RecordObserver.JOURNALLED_HEADERS.sending(entry);
            }
            Span span = tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER).setParent(parent)
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.destination.name", topic)
                    .setAttribute("messaging.operation", "publish")
                    .setAttribute("tollgate.journal_position", entry.position())
                    .startSpan();
            Map<String, String> headers = new LinkedHashMap<>();
            propagator.inject(parent.with(span), headers, Map::put);
            return new JournalRelay.RecordObserver.Sending(JournalRelay.RecordObserver.toKafkaHeaders(headers), failure -> {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                }
                span.end();
            });
        };
    }
}
