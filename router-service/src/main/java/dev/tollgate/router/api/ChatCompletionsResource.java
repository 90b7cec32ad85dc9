package dev.tollgate.router.api;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Money;
import dev.tollgate.pricing.Credits;
import dev.tollgate.router.auth.ApiKeyOwner;
import dev.tollgate.router.balance.BalanceView;
import dev.tollgate.router.billing.BillableRequest;
import dev.tollgate.router.billing.InsufficientCreditsException;
import dev.tollgate.router.billing.LedgerHolds;
import dev.tollgate.router.billing.LedgerUnavailableException;
import dev.tollgate.router.billing.PricedCandidate;
import dev.tollgate.router.billing.RequestPayment;
import dev.tollgate.router.billing.UsageBilling;
import dev.tollgate.router.billing.UsageNotRecordedException;
import dev.tollgate.router.limits.KeyLimits;
import dev.tollgate.router.routing.RoutingDecision;
import dev.tollgate.router.routing.WorstCaseEstimator;
import dev.tollgate.router.upstream.UpstreamAnswer;
import dev.tollgate.router.upstream.UpstreamProviders;
import dev.tollgate.router.upstream.UpstreamStream;
import dev.tollgate.router.upstream.UpstreamUnavailableException;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/chat/completions}, OpenAI-compatible, plain or streamed. Every request is paid for
 * before its upstream call: route, estimate the worst case, pass the key's limits, reserve the worst case
 * from this instance's grant of the account's credits (in memory; 402 when the account cannot cover it); then
 * the upstream, falling back to the next candidate when one fails before producing tokens; then the usage is
 * recorded, the actual cost recorded on the grant and the answer sent with {@code usage.cost}. See the service
 * README for the rules.
 */
@Path("/v1")
@RequiresApiKey
public class ChatCompletionsResource {

    private static final Logger LOG = Logger.getLogger(ChatCompletionsResource.class);
    private static final String EVENT_STREAM = "text/event-stream";

    private final GatewayRequest gatewayRequest;
    private final RequestRouting routing;
    private final WorstCaseEstimator estimator;
    private final Instance<KeyLimits> keyLimits;
    private final LedgerHolds ledger;
    private final UpstreamProviders providers;
    private final UsageBilling billing;
    private final BalanceView balances;

    public ChatCompletionsResource(GatewayRequest gatewayRequest, RequestRouting routing, WorstCaseEstimator estimator,
                                   Instance<KeyLimits> keyLimits, LedgerHolds ledger, UpstreamProviders providers,
                                   UsageBilling billing, BalanceView balances) {
        this.gatewayRequest = gatewayRequest;
        this.routing = routing;
        this.estimator = estimator;
        this.keyLimits = keyLimits;
        this.ledger = ledger;
        this.providers = providers;
        this.billing = billing;
        this.balances = balances;
    }

    /**
     * The answer, plain or streamed, is a {@link RestMulti}: its status and headers are decided when the
     * upstream has answered, and a stream's events are written as they come.
     */
    @POST
    @Path("/chat/completions")
    public RestMulti<byte[]> chatCompletions(String body, @Context HttpHeaders headers) {
        ObjectNode request = ChatCompletionRequest.parse(body);
        boolean streaming = ChatCompletionRequest.isStreaming(request);
        boolean clientWantsUsage = ChatCompletionRequest.wantsStreamUsage(request);
        if (streaming) {
            ChatCompletionRequest.askUpstreamForStreamUsage(request);
        }
        // read the request-scoped state now: the callbacks below may run on other threads
        RequestFacts facts = new RequestFacts(gatewayRequest.requestId(), gatewayRequest.authenticatedOwner(),
                gatewayRequest.receivedAt(), clientHeaders(headers));
        RoutingDecision decision = routing.decide(request, facts.owner());
        Uni<Reply> reply = pay(facts, request, decision)
                .flatMap(paid -> streaming ? stream(facts, paid, clientWantsUsage) : complete(facts, paid));
        return RestMulti.fromUniResponse(reply, Reply::body, Reply::headers, Reply::status);
    }

    // ---- before the upstream: limits and the hold ----

    private Uni<BillableRequest> pay(RequestFacts facts, ObjectNode request, RoutingDecision decision) {
        long promptTokens = estimator.estimatePromptTokens(request);
        List<PricedCandidate> candidates = decision.candidates().stream()
                .map(entry -> new PricedCandidate(entry, estimator.worstCase(entry, request, promptTokens, decision.routingMode())))
                .toList();
        CatalogueEntry first = decision.first();
        long worstCaseTokens = promptTokens + estimator.maxCompletionTokens(request, first) * estimator.choices(request);
        Uni<Void> admitted = keyLimits.isResolvable()
                ? keyLimits.get().admit(facts.owner(), worstCaseTokens, candidates.get(0).worstCase().amountMicros())
                : Uni.createFrom().voidItem();
        return admitted
                .flatMap(ignored -> RequestPayment.authorise(ledger, facts.owner().accountId(), facts.requestId(), candidates))
                .onFailure(InsufficientCreditsException.class).recoverWithUni(refused ->
                        refuseForCredits(facts, request, decision, candidates.get(0), (InsufficientCreditsException) refused))
                .onFailure(LedgerUnavailableException.class).transform(failure -> {
                    LOG.errorf("%s: %s", facts.requestId(), failure.getMessage());
                    return new GatewayException(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), OpenAiError.SERVER_ERROR,
                            null, "billing_unavailable",
                            "The gateway cannot reach its billing service right now, so the request was not sent; you were not charged. Please retry.");
                })
                // the ledger's answers (grant placements and settlements) keep the balance view up to date themselves
                .map(payment -> new BillableRequest(facts.requestId(), facts.owner(), facts.receivedAt(), decision.routingMode(),
                        decision.tier(), request, promptTokens, payment));
    }

    /** 402: what the account can spend, and the largest max_tokens it can afford for this request on this model. */
    private Uni<RequestPayment> refuseForCredits(RequestFacts facts, ObjectNode request, RoutingDecision decision,
                                                 PricedCandidate first, InsufficientCreditsException refused) {
        String accountId = facts.owner().accountId();
        String currency = first.worstCase().currency();
        long availableMicros = refused.availableMicros().isPresent() ? refused.availableMicros().getAsLong()
                : balances.availableOf(accountId).map(Money::amountMicros).orElse(0L);
        OptionalLong affordable = estimator.affordableMaxTokens(first.entry(), request, decision.routingMode(),
                Math.max(0, availableMicros));
        String model = first.entry().model();
        String message = "Insufficient credits: your available balance is "
                + Credits.of(Money.ofMicros(availableMicros, currency)).toPlainString()
                + " credits and this request may cost up to " + Credits.of(first.worstCase()).toPlainString()
                + " credits on " + model + ". "
                + (affordable.isPresent()
                    ? "The largest max_tokens you can afford for this request on " + model + " is " + affordable.getAsLong() + "."
                    : "You cannot afford even one completion token for this request on " + model + ".")
                + " Buy credits or lower max_tokens.";
        GatewayException paymentRequired = new GatewayException(Response.Status.PAYMENT_REQUIRED.getStatusCode(),
                "insufficient_quota", "max_tokens", "insufficient_credits", message);
        // the refusal carries no balance: make sure the answer's X-Credit-Balance is known
        Uni<Void> balanceKnown = balances.balanceOf(accountId).isPresent() ? Uni.createFrom().voidItem()
                : ledger.balance(accountId)
                        .invoke(balance -> balance.ifPresent(known -> balances.observe(accountId, known,
                                Money.ofMicros(availableMicros, known.currency()))))
                        .onFailure().recoverWithNull()
                        .replaceWithVoid();
        return balanceKnown.flatMap(ignored -> Uni.createFrom().<RequestPayment>failure(paymentRequired));
    }

    // ---- plain answers ----

    private Uni<Reply> complete(RequestFacts facts, BillableRequest paid) {
        return callUntilAnswered(facts, paid, 0, false)
                .flatMap(attempt -> answerWhole(facts, paid, attempt.servedBy(), attempt.stream().answeredWhole()))
                .onFailure(UsageNotRecordedException.class).transform(ChatCompletionsResource::usageNotRecorded);
    }

    private Uni<Reply> answerWhole(RequestFacts facts, BillableRequest paid, CatalogueEntry servedBy, UpstreamAnswer answer) {
        if (!answer.isBillable()) {
            // an upstream refusal without tokens (4xx): passed through, nothing billed
            return billing.release(paid).map(ignored -> reply(facts, answer.status(), answer.contentType(),
                    Multi.createFrom().item(answer.body())));
        }
        if (answer.usage().isEmpty()) {
            LOG.warnf("%s: %s answered %d without usage; recording zero tokens", facts.requestId(), servedBy.model(), answer.status());
        }
        var usage = answer.usage().orElse(new dev.tollgate.router.upstream.UpstreamUsage(0, 0, 0));
        return billing.bill(paid, servedBy, usage, answer.status(), false)
                .map(cost -> reply(facts, answer.status(), answer.contentType(),
                        Multi.createFrom().item(AnswerJson.withCost(answer.body(), cost))));
    }

    // ---- streamed answers ----

    private Uni<Reply> stream(RequestFacts facts, BillableRequest paid, boolean clientWantsUsage) {
        return callUntilAnswered(facts, paid, 0, true)
                .flatMap(attempt -> {
                    if (!attempt.stream().isOpen()) {
                        return answerWhole(facts, paid, attempt.servedBy(), attempt.stream().answeredWhole());
                    }
                    StreamRelay relay = new StreamRelay(paid, attempt.servedBy(), billing, clientWantsUsage);
                    Reply reply = reply(facts, 200, EVENT_STREAM, relay.relay(attempt.stream().events()));
                    reply.headers().put("Cache-Control", List.of("no-cache"));
                    return Uni.createFrom().item(reply);
                })
                .onFailure(UsageNotRecordedException.class).transform(ChatCompletionsResource::usageNotRecorded);
    }

    // ---- the upstream call, with fallback ----

    /**
     * Calls the candidates the hold covers, in order, until one answers. A candidate that fails before
     * producing tokens (no connection, timeout, 5xx without usage) costs nothing and is not recorded; when
     * none is left the hold is released and the client gets 502.
     */
    private Uni<Attempt> callUntilAnswered(RequestFacts facts, BillableRequest paid, int index, boolean streaming) {
        List<PricedCandidate> candidates = paid.payment().coveredCandidates();
        CatalogueEntry candidate = candidates.get(index).entry();
        ObjectNode upstreamRequest = paid.request().deepCopy();
        upstreamRequest.put("model", candidate.model());
        Uni<UpstreamStream> call;
        try {
            var adapter = providers.forProvider(candidate.provider());
            call = streaming ? adapter.streamChatCompletion(upstreamRequest, facts.clientHeaders())
                    : adapter.chatCompletion(upstreamRequest, facts.clientHeaders()).map(UpstreamStream::whole);
        } catch (UpstreamUnavailableException unknownProvider) {
            call = Uni.createFrom().failure(unknownProvider);
        }
        return call
                .flatMap(answer -> failedBeforeTokens(answer)
                        ? Uni.createFrom().<Attempt>failure(new UpstreamUnavailableException(
                                candidate.model() + " answered " + answer.answeredWhole().status(), null))
                        : Uni.createFrom().item(new Attempt(candidate, answer)))
                .onFailure(UpstreamUnavailableException.class).recoverWithUni(failure -> {
                    LOG.warnf("%s: %s failed before producing tokens: %s", facts.requestId(), candidate.model(), failure.getMessage());
                    if (index + 1 < candidates.size()) {
                        return callUntilAnswered(facts, paid, index + 1, streaming);
                    }
                    return billing.release(paid).flatMap(ignored -> Uni.createFrom().<Attempt>failure(new GatewayException(
                            Response.Status.BAD_GATEWAY.getStatusCode(), OpenAiError.SERVER_ERROR, null, "upstream_error",
                            "The upstream provider did not answer" + (candidates.size() > 1 ? " (" + candidates.size() + " models tried)" : "")
                                    + "; you were not charged.")));
                });
    }

    private static boolean failedBeforeTokens(UpstreamStream answer) {
        return !answer.isOpen() && answer.answeredWhole().isServerError() && !answer.answeredWhole().isBillable();
    }

    // ---- answers ----

    private Reply reply(RequestFacts facts, int status, String contentType, Multi<byte[]> body) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of(contentType == null ? MediaType.APPLICATION_JSON : contentType));
        headers.put(GatewayHeaders.REQUEST_ID, List.of(facts.requestId()));
        balances.balanceOf(facts.owner().accountId()).ifPresent(balance ->
                headers.put(GatewayHeaders.CREDIT_BALANCE, List.of(Credits.of(balance).toPlainString())));
        return new Reply(status, headers, body);
    }

    private static GatewayException usageNotRecorded(Throwable failure) {
        return new GatewayException(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), OpenAiError.SERVER_ERROR, null,
                "usage_not_recorded",
                "The request could not be recorded for billing, so its answer is withheld and you were not charged. Please retry.");
    }

    private static Map<String, String> clientHeaders(HttpHeaders headers) {
        Map<String, String> byName = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                byName.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return byName;
    }

    private record RequestFacts(String requestId, ApiKeyOwner owner, Instant receivedAt, Map<String, String> clientHeaders) {
    }

    private record Attempt(CatalogueEntry servedBy, UpstreamStream stream) {
    }

    /** Status, headers and body of an answer, decided once the upstream has answered. */
    record Reply(int status, Map<String, List<String>> headers, Multi<byte[]> body) {
    }
}
