package dev.tollgate.payments.stripe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.Stripe;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Stripe for tests: the few endpoints Tollgate calls, with Stripe's JSON shapes, honouring
 * {@code Idempotency-Key} (same key, same object). It also plays Stripe's side of a payment (the
 * customer pays, Stripe refunds from its dashboard, a dispute opens) and builds the webhook events
 * for it, signed with Stripe's scheme: {@code t=<unix time>,v1=hex(HMAC-SHA256(secret, t + "." + payload))}.
 */
public final class StripeStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> charges = new ConcurrentHashMap<>();   // by payment intent
    private final Map<String, Map<String, Object>> refunds = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> disputes = new ConcurrentHashMap<>();   // by payment intent
    private final Map<String, String> idempotentResponses = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger sessionsCreated = new AtomicInteger();
    private final AtomicInteger refundsCreated = new AtomicInteger();
    private final List<String> idempotencyKeysSeen = new ArrayList<>();
    private final java.util.Set<String> refundsFailingFor = ConcurrentHashMap.newKeySet();   // payment intents

    private StripeStub(HttpServer server) {
        this.server = server;
    }

    public static StripeStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            StripeStub stub = new StripeStub(server);
            server.createContext("/v1/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Stripe stub", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int sessionsCreated() {
        return sessionsCreated.get();
    }

    public int refundsCreated() {
        return refundsCreated.get();
    }

    /** Refunds of this payment fail on Stripe's side (HTTP 500, {@code api_error}) until {@link #stopFailingRefunds}. */
    public void failRefundsOf(String paymentIntent) {
        refundsFailingFor.add(paymentIntent);
    }

    public void stopFailingRefunds(String paymentIntent) {
        refundsFailingFor.remove(paymentIntent);
    }

    public synchronized List<String> idempotencyKeysSeen() {
        return List.copyOf(idempotencyKeysSeen);
    }

    public Map<String, Object> session(String sessionId) {
        return sessions.get(sessionId);
    }

    // ---- Stripe's side of a payment ----

    /** The customer finishes Checkout: card payments are paid at once, SEPA debits later. Returns the event. */
    public synchronized String completeSession(String sessionId, boolean paidNow) {
        Map<String, Object> session = sessions.get(sessionId);
        String paymentIntent = "pi_" + next();
        session.put("payment_intent", paymentIntent);
        session.put("status", "complete");
        session.put("payment_status", paidNow ? "paid" : "unpaid");
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", "ch_" + next());
        charge.put("object", "charge");
        charge.put("amount", session.get("amount_total"));
        charge.put("amount_refunded", 0L);
        charge.put("currency", session.get("currency"));
        charge.put("payment_intent", paymentIntent);
        charge.put("status", paidNow ? "succeeded" : "pending");
        charge.put("paid", paidNow);
        charge.put("refunded", false);
        charge.put("disputed", false);
        charge.put("created", Instant.now().getEpochSecond());
        charges.put(paymentIntent, charge);
        return event("checkout.session.completed", copy(session));
    }

    /** The SEPA debit went through. */
    public synchronized String asyncPaymentSucceeded(String sessionId) {
        Map<String, Object> session = sessions.get(sessionId);
        session.put("payment_status", "paid");
        Map<String, Object> charge = charges.get((String) session.get("payment_intent"));
        charge.put("status", "succeeded");
        charge.put("paid", true);
        return event("checkout.session.async_payment_succeeded", copy(session));
    }

    public synchronized String asyncPaymentFailed(String sessionId) {
        Map<String, Object> session = sessions.get(sessionId);
        charges.get((String) session.get("payment_intent")).put("status", "failed");
        return event("checkout.session.async_payment_failed", copy(session));
    }

    /** A refund made in Stripe's dashboard (or the event of one of ours): charge.refunded with the cumulative amount. */
    public synchronized String refundFromDashboard(String paymentIntent, long amountCents) {
        createRefund(paymentIntent, amountCents, Map.of());
        return chargeRefundedEvent(paymentIntent);
    }

    public synchronized String chargeRefundedEvent(String paymentIntent) {
        return event("charge.refunded", copy(charges.get(paymentIntent)));
    }

    public synchronized String openDispute(String paymentIntent) {
        Map<String, Object> charge = charges.get(paymentIntent);
        charge.put("disputed", true);
        Map<String, Object> dispute = new LinkedHashMap<>();
        dispute.put("id", "dp_" + next());
        dispute.put("object", "dispute");
        dispute.put("amount", charge.get("amount"));
        dispute.put("currency", charge.get("currency"));
        dispute.put("charge", charge.get("id"));
        dispute.put("payment_intent", paymentIntent);
        dispute.put("status", "needs_response");
        dispute.put("reason", "fraudulent");
        dispute.put("created", Instant.now().getEpochSecond());
        disputes.put(paymentIntent, dispute);
        return event("charge.dispute.created", copy(dispute));
    }

    /** The bank decided the payment's dispute: {@code won} (the money comes back) or {@code lost}. */
    public synchronized String closeDispute(String paymentIntent, String status) {
        Map<String, Object> dispute = disputes.get(paymentIntent);
        dispute.put("status", status);
        return event("charge.dispute.closed", copy(dispute));
    }

    /** A charge Tollgate never heard of (for reconciliation). */
    public synchronized String addForeignCharge(long amountCents) {
        String paymentIntent = "pi_" + next();
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", "ch_" + next());
        charge.put("object", "charge");
        charge.put("amount", amountCents);
        charge.put("amount_refunded", 0L);
        charge.put("currency", "eur");
        charge.put("payment_intent", paymentIntent);
        charge.put("status", "succeeded");
        charge.put("paid", true);
        charge.put("refunded", false);
        charge.put("disputed", false);
        charge.put("created", Instant.now().getEpochSecond());
        charges.put(paymentIntent, charge);
        return paymentIntent;
    }

    /** Changes a charge behind Tollgate's back (for reconciliation). */
    public synchronized void setChargeAmount(String paymentIntent, long amountCents) {
        charges.get(paymentIntent).put("amount", amountCents);
    }

    public synchronized void forgetCharge(String paymentIntent) {
        charges.remove(paymentIntent);
    }

    // ---- webhook events, signed like Stripe ----

    private String event(String type, Map<String, Object> object) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + next());
        event.put("object", "event");
        event.put("api_version", Stripe.API_VERSION);
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("type", type);
        event.put("data", Map.of("object", object));
        event.put("request", new HashMap<>(Map.of()));
        return write(event);
    }

    /** The {@code Stripe-Signature} header Stripe would send for this payload. */
    public static String sign(String payload, String secret, long timestampSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestampSeconds + "." + payload).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return "t=" + timestampSeconds + ",v1=" + hex;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String payload, String secret) {
        return sign(payload, secret, Instant.now().getEpochSecond());
    }

    // ---- the HTTP API ----

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer sk_")) {
                respond(exchange, 401, write(error("invalid_request_error", "No API key provided")));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("POST".equals(method)) {
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (path.equals("/v1/refunds") && refundsFailingFor.contains(form.get("payment_intent"))) {
                    synchronized (this) {
                        idempotencyKeysSeen.add(key);
                    }
                    respond(exchange, 500, write(error("api_error", "An unknown error occurred")));
                    return;
                }
                String body;
                synchronized (this) {
                    if (key != null) {
                        idempotencyKeysSeen.add(key);
                    }
                    String cacheKey = path + "|" + key;
                    body = key == null ? null : idempotentResponses.get(cacheKey);
                    if (body == null) {
                        body = switch (path) {
                            case "/v1/checkout/sessions" -> write(createSession(form));
                            case "/v1/refunds" -> write(createRefund(form.get("payment_intent"), Long.parseLong(form.get("amount")),
                                    metadata(form)));
                            default -> null;
                        };
                        if (body != null && key != null) {
                            idempotentResponses.put(cacheKey, body);
                        }
                    }
                }
                respond(exchange, body == null ? 404 : 200, body == null ? write(error("invalid_request_error", "Unrecognized request URL")) : body);
                return;
            }
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            if (path.startsWith("/v1/checkout/sessions/")) {
                Map<String, Object> session = sessions.get(path.substring("/v1/checkout/sessions/".length()));
                respond(exchange, session == null ? 404 : 200, session == null ? write(error("invalid_request_error", "No such session")) : write(session));
            } else if (path.equals("/v1/charges")) {
                respond(exchange, 200, write(list("/v1/charges", charges.values(), query)));
            } else if (path.equals("/v1/refunds")) {
                respond(exchange, 200, write(list("/v1/refunds", refunds.values(), query)));
            } else {
                respond(exchange, 404, write(error("invalid_request_error", "Unrecognized request URL")));
            }
        } catch (IllegalArgumentException refused) {
            // what Stripe refuses (a refund above what is left on the charge, an unknown object) is a 400, not a failure of Stripe's
            respond(exchange, 400, write(error("invalid_request_error", refused.getMessage())));
        } catch (RuntimeException e) {
            respond(exchange, 500, write(error("api_error", e.toString())));
        }
    }

    private Map<String, Object> createSession(Map<String, String> form) {
        sessionsCreated.incrementAndGet();
        String id = "cs_test_" + next();
        long total = 0;
        String currency = "eur";
        for (int i = 0; form.containsKey("line_items[" + i + "][price_data][unit_amount]"); i++) {
            long quantity = Long.parseLong(form.getOrDefault("line_items[" + i + "][quantity]", "1"));
            total += quantity * Long.parseLong(form.get("line_items[" + i + "][price_data][unit_amount]"));
            currency = form.get("line_items[" + i + "][price_data][currency]");
        }
        List<String> methods = new ArrayList<>();
        for (int i = 0; form.containsKey("payment_method_types[" + i + "]"); i++) {
            methods.add(form.get("payment_method_types[" + i + "]"));
        }
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", id);
        session.put("object", "checkout.session");
        session.put("url", "https://checkout.stripe.test/c/pay/" + id);
        session.put("mode", form.get("mode"));
        session.put("status", "open");
        session.put("payment_status", "unpaid");
        session.put("amount_total", total);
        session.put("currency", currency);
        session.put("client_reference_id", form.get("client_reference_id"));
        session.put("metadata", metadata(form));
        session.put("payment_method_types", methods);
        session.put("payment_intent", null);
        session.put("created", Instant.now().getEpochSecond());
        sessions.put(id, session);
        return session;
    }

    private synchronized Map<String, Object> createRefund(String paymentIntent, long amountCents, Map<String, String> metadata) {
        Map<String, Object> charge = charges.get(paymentIntent);
        if (charge == null) {
            throw new IllegalArgumentException("No such payment_intent: " + paymentIntent);
        }
        long refunded = ((Number) charge.get("amount_refunded")).longValue() + amountCents;
        if (refunded > ((Number) charge.get("amount")).longValue()) {
            throw new IllegalArgumentException("refund exceeds the charge");
        }
        refundsCreated.incrementAndGet();
        charge.put("amount_refunded", refunded);
        charge.put("refunded", refunded == ((Number) charge.get("amount")).longValue());
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", "re_" + next());
        refund.put("object", "refund");
        refund.put("amount", amountCents);
        refund.put("currency", charge.get("currency"));
        refund.put("charge", charge.get("id"));
        refund.put("payment_intent", paymentIntent);
        refund.put("status", "succeeded");
        refund.put("metadata", metadata);
        refund.put("created", Instant.now().getEpochSecond());
        refunds.put((String) refund.get("id"), refund);
        return refund;
    }

    private static Map<String, Object> list(String url, java.util.Collection<Map<String, Object>> objects, Map<String, String> query) {
        long from = Long.parseLong(query.getOrDefault("created[gte]", "0"));
        long to = Long.parseLong(query.getOrDefault("created[lt]", Long.toString(Long.MAX_VALUE)));
        List<Map<String, Object>> data = objects.stream()
                .filter(object -> {
                    long created = ((Number) object.get("created")).longValue();
                    return created >= from && created < to;
                })
                .map(StripeStub::copy)
                .toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("url", url);
        list.put("has_more", false);
        list.put("data", data);
        return list;
    }

    private static Map<String, String> metadata(Map<String, String> form) {
        Map<String, String> metadata = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith("metadata[")) {
                metadata.put(key.substring("metadata[".length(), key.length() - 1), value);
            }
        });
        return metadata;
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> form = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return form;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    private static Map<String, Object> error(String type, String message) {
        return Map.of("error", Map.of("type", type, "message", message));
    }

    private static Map<String, Object> copy(Map<String, Object> object) {
        return new LinkedHashMap<>(object);
    }

    private String next() {
        return String.format("%08d", ids.incrementAndGet()) + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_stub");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
