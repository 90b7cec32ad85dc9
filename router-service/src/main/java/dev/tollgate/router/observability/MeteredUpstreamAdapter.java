package dev.tollgate.router.observability;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.router.upstream.UpstreamAdapter;
import dev.tollgate.router.upstream.UpstreamAnswer;
import dev.tollgate.router.upstream.UpstreamStream;

import io.smallrye.mutiny.Uni;

/** An upstream adapter whose calls are timed per provider and model, until the provider answered or started streaming. */
public final class MeteredUpstreamAdapter implements UpstreamAdapter {

    private final UpstreamAdapter adapter;
    private final GatewayMetrics metrics;

    public MeteredUpstreamAdapter(UpstreamAdapter adapter, GatewayMetrics metrics) {
        this.adapter = adapter;
        this.metrics = metrics;
    }

    @Override
    public String provider() {
        return adapter.provider();
    }

    @Override
    public Uni<UpstreamAnswer> chatCompletion(ObjectNode request, Map<String, String> clientHeaders) {
        String model = request.path("model").asText(null);
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return adapter.chatCompletion(request, clientHeaders).onTermination().invoke((answer, failure, cancelled) ->
                    record(model, answer == null ? null : answer.status(), false, started));
        });
    }

    @Override
    public Uni<UpstreamStream> streamChatCompletion(ObjectNode request, Map<String, String> clientHeaders) {
        String model = request.path("model").asText(null);
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return adapter.streamChatCompletion(request, clientHeaders).onTermination().invoke((answer, failure, cancelled) ->
                    record(model, answer == null ? null : answer.isOpen() ? 200 : answer.answeredWhole().status(), true, started));
        });
    }

    private void record(String model, Integer status, boolean stream, long started) {
        metrics.upstreamAnswered(adapter.provider(), model, status == null ? "unavailable" : Integer.toString(status), stream,
                System.nanoTime() - started);
    }
}
