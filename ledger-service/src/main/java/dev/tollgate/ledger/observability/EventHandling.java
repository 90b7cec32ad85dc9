package dev.tollgate.ledger.observability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.MDC;

import dev.tollgate.contracts.EventEnvelope;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.mutiny.Uni;

/**
 * The handling of one incoming event: its ids in the logging MDC ({@code eventId}, {@code requestId} = the
 * envelope's correlation id, {@code accountId}); when the record's Kafka headers carry a W3C trace context
 * (metering's {@code UsagePriced} continues the gateway request's trace), a {@code ledger append} span in that
 * trace around the append; and a failure (the record then goes to the channel's dead-letter topic) counted.
 */
@ApplicationScoped
public class EventHandling {

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

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final LedgerMetrics metrics;

    public EventHandling(OpenTelemetry openTelemetry, LedgerMetrics metrics) {
        this.tracer = openTelemetry.getTracer("dev.tollgate.ledger");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.metrics = metrics;
    }

    /**
     * Decodes the record's event and appends it, with the event's ids in the MDC and in its trace; a failure
     * (undecodable, or refused) is counted as a dead letter of {@code channel} and passed on (the channel's
     * failure strategy sends the record to its dead-letter topic).
     */
    public <E extends EventEnvelope<?>, T> Uni<T> handle(String channel, Headers headers, Supplier<E> decode,
                                                        Function<E, Uni<T>> append) {
        return Uni.createFrom().deferred(() -> {
            E event = decode.get();
            return appending(event, headers, () -> append.apply(event));
        }).onFailure().invoke(failure -> metrics.deadLettered(channel));
    }

    private <T> Uni<T> appending(EventEnvelope<?> event, Headers headers, Supplier<Uni<T>> append) {
        return Uni.createFrom().deferred(() -> {
            MDC.put("eventId", String.valueOf(event.eventId()));
            MDC.put("accountId", event.accountId());
            if (event.correlationId() != null) {
                MDC.put("requestId", event.correlationId());
            }
            Context parent = headers == null ? Context.root() : propagator.extract(Context.root(), headers, HEADERS);
            if (!Span.fromContext(parent).getSpanContext().isValid()) {
                return append.get();
            }
            Span span = tracer.spanBuilder("ledger append").setSpanKind(SpanKind.CONSUMER).setParent(parent)
                    .setAttribute("tollgate.event_type", event.type())
                    .setAttribute("tollgate.event_id", String.valueOf(event.eventId()))
                    .startSpan();
            Uni<T> appended;
            try (Scope ignored = parent.with(span).makeCurrent()) {
                appended = append.get();
            }
            return appended.onTermination().invoke((result, failure, cancelled) -> {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                }
                span.end();
            });
        }).onTermination().invoke(() -> {
            MDC.remove("eventId");
            MDC.remove("accountId");
            MDC.remove("requestId");
        });
    }
}
