package dev.tollgate.router.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Priorities;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.tollgate.router.api.GatewayRequest;
import dev.tollgate.router.api.RequiresApiKey;
import dev.tollgate.router.auth.ApiKeyOwner;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.arc.ClientProxy;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One line and one measurement per chat completion, whatever answered it (the endpoint, an error mapper, the
 * key filter, a stream that ended or broke): a Vert.x route in front of the REST layer sees the response end.
 *
 * <p>While the request is handled, its id ({@code requestId}) and, once authenticated, its account
 * ({@code accountId}) are in the logging MDC, so every line logged for it carries them (JSON logs in
 * production). The line at the end, category {@code dev.tollgate.router.observability.GatewayRequestLog} at
 * INFO, says status, outcome, duration, key id and model: never the API key (only its public id).
 */
@ApplicationScoped
public class GatewayRequestLog {

    public static final String REQUEST_ID = "requestId";
    public static final String ACCOUNT_ID = "accountId";
    /** The key OpenTelemetry's Quarkus integration uses for the trace id in the MDC. */
    private static final String TRACE_ID = "traceId";

    private static final Logger LOG = Logger.getLogger(GatewayRequestLog.class);
    private static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    private static final String STARTED = GatewayRequestLog.class.getName() + ".started";
    private static final String REQUEST = GatewayRequestLog.class.getName() + ".request";
    private static final String TRACE = GatewayRequestLog.class.getName() + ".trace";

    private final GatewayMetrics metrics;
    private final GatewayRequest gatewayRequest;

    public GatewayRequestLog(GatewayMetrics metrics, GatewayRequest gatewayRequest) {
        this.metrics = metrics;
        this.gatewayRequest = gatewayRequest;
    }

    void observeAnswers(@Observes Router router) {
        router.route(HttpMethod.POST, CHAT_COMPLETIONS).order(-100).handler(context -> {
            context.put(STARTED, System.nanoTime());
            context.addEndHandler(ended -> answered(context, ended.succeeded()));
            context.next();
        });
    }

    /** Before authentication: the request id, for every line logged while the request is handled. */
    @RequiresApiKey
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 1)
    public void identifyRequest(RoutingContext context) {
        // the instance itself, not the request-scoped proxy: it is read again when the response has ended
        GatewayRequest request = ClientProxy.unwrap(gatewayRequest);
        context.put(REQUEST, request);
        context.put(TRACE, Span.current().getSpanContext());
        MDC.put(REQUEST_ID, request.requestId());
    }

    /** After authentication: the account, for the lines logged while the request is handled. */
    @RequiresApiKey
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public void identifyAccount() {
        gatewayRequest.owner().ifPresent(owner -> MDC.put(ACCOUNT_ID, owner.accountId()));
    }

    private void answered(RoutingContext context, boolean completed) {
        Long started = context.get(STARTED);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        int status = context.response().getStatusCode();
        GatewayRequest request = context.get(REQUEST);
        String outcome = outcome(status, request, completed);
        metrics.requestAnswered(status, outcome, nanos);
        if (!LOG.isInfoEnabled()) {
            return;
        }
        ApiKeyOwner owner = request == null ? null : request.owner().orElse(null);
        SpanContext trace = context.get(TRACE);
        Object previousRequestId = MDC.get(REQUEST_ID);
        Object previousAccountId = MDC.get(ACCOUNT_ID);
        Object previousTraceId = MDC.get(TRACE_ID);
        try {
            if (request != null) {
                MDC.put(REQUEST_ID, request.requestId());
            }
            if (owner != null) {
                MDC.put(ACCOUNT_ID, owner.accountId());
            }
            // the response ends outside the request's trace context: name the trace, to go from this line to it
            if (trace != null && trace.isValid()) {
                MDC.put(TRACE_ID, trace.getTraceId());
            }
            LOG.infof("chat completion answered %d (%s) in %d ms%s", status, outcome, nanos / 1_000_000,
                    owner == null ? "" : ", key " + owner.keyId());
        } finally {
            restore(REQUEST_ID, previousRequestId);
            restore(ACCOUNT_ID, previousAccountId);
            restore(TRACE_ID, previousTraceId);
        }
    }

    private static String outcome(int status, GatewayRequest request, boolean completed) {
        if (request != null && request.outcome().isPresent()) {
            return request.outcome().get();
        }
        if (status == 401) {
            return "invalid_api_key";
        }
        if (status < 400) {
            return completed ? "answered" : "abandoned";
        }
        return status < 500 ? "client_error" : "server_error";
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
