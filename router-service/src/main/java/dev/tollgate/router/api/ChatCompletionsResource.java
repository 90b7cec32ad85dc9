package dev.tollgate.router.api;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.router.auth.ApiKeyOwner;
import dev.tollgate.router.messaging.UsageRecordedPublisher;
import dev.tollgate.router.routing.ModelChoice;
import dev.tollgate.router.routing.ModelSelector;
import dev.tollgate.router.upstream.UpstreamAdapter;
import dev.tollgate.router.upstream.UpstreamAnswer;
import dev.tollgate.router.upstream.UpstreamUnavailableException;
import dev.tollgate.router.upstream.UpstreamUsage;

import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/chat/completions}, OpenAI-compatible, not streaming yet. The client gets the
 * upstream's answer as it came, but only after the usage it incurred has been accepted by Kafka:
 * once a client has its answer, its usage cannot be lost.
 */
@Path("/v1")
@RequiresApiKey
public class ChatCompletionsResource {

    private static final Logger LOG = Logger.getLogger(ChatCompletionsResource.class);
    private static final UpstreamUsage NO_USAGE = new UpstreamUsage(0, 0, 0);

    private final GatewayRequest gatewayRequest;
    private final ModelSelector modelSelector;
    private final UpstreamAdapter upstream;
    private final UsageRecordedPublisher usagePublisher;

    public ChatCompletionsResource(GatewayRequest gatewayRequest, ModelSelector modelSelector,
                                   UpstreamAdapter upstream, UsageRecordedPublisher usagePublisher) {
        this.gatewayRequest = gatewayRequest;
        this.modelSelector = modelSelector;
        this.upstream = upstream;
        this.usagePublisher = usagePublisher;
    }

    @POST
    @Path("/chat/completions")
    public Uni<Response> chatCompletions(String body) {
        ObjectNode request = ChatCompletionRequest.parse(body);
        ModelChoice choice = modelSelector.choose(ChatCompletionRequest.model(request));
        request.put("model", choice.model());
        // read the request-scoped state now: the callbacks below may run on other threads
        RequestFacts facts = new RequestFacts(gatewayRequest.requestId(), gatewayRequest.authenticatedOwner(),
                gatewayRequest.receivedAt(), choice);
        return upstream.chatCompletion(request)
                .onFailure(UpstreamUnavailableException.class).transform(failure -> {
                    LOG.warnf("%s: %s", facts.requestId(), failure.getMessage());
                    return upstreamFailed("The upstream provider did not answer");
                })
                .flatMap(answer -> recordUsage(facts, answer).replaceWith(answer))
                .map(answer -> answerClient(facts, answer));
    }

    /**
     * Bills what the upstream charged for: every successful answer, and any other answer that
     * reports tokens (an upstream 4xx that consumed tokens is passed through at cost).
     */
    private Uni<Void> recordUsage(RequestFacts facts, UpstreamAnswer answer) {
        if (!answer.isBillable()) {
            return Uni.createFrom().voidItem();
        }
        if (answer.usage().isEmpty()) {
            LOG.warnf("%s: %s answered %d without usage; recording zero tokens", facts.requestId(),
                    upstream.provider(), answer.status());
        }
        UpstreamUsage usage = answer.usage().orElse(NO_USAGE);
        UsageRecorded recorded = new UsageRecorded(facts.requestId(), facts.owner().keyId(), facts.choice().model(),
                upstream.provider(), facts.choice().routingMode(), facts.choice().tier(), usage.promptTokens(),
                usage.cachedPromptTokens(), usage.completionTokens(), answer.status(), false);
        EventEnvelope<UsageRecorded> event = EventEnvelope.wrap(UUID.randomUUID(), facts.owner().accountId(),
                facts.receivedAt(), null, facts.requestId(), recorded);
        return usagePublisher.publish(event)
                .onFailure().transform(failure -> {
                    // without a recorded usage the answer is withheld and the request is not billed
                    LOG.errorf(failure, "%s: usage could not be recorded", facts.requestId());
                    return new GatewayException(503, OpenAiError.SERVER_ERROR, null, "usage_not_recorded",
                            "The request could not be recorded for billing, so its answer is withheld and you were not charged. Please retry.");
                });
    }

    private Response answerClient(RequestFacts facts, UpstreamAnswer answer) {
        if (answer.isServerError() && !answer.isBillable()) {
            LOG.warnf("%s: %s answered %d", facts.requestId(), upstream.provider(), answer.status());
            return upstreamFailed("The upstream provider failed (HTTP " + answer.status() + ")").toResponse();
        }
        return Response.status(answer.status()).type(answer.contentType()).entity(answer.body()).build();
    }

    private static GatewayException upstreamFailed(String what) {
        return new GatewayException(Response.Status.BAD_GATEWAY.getStatusCode(), OpenAiError.SERVER_ERROR, null,
                "upstream_error", what + "; you were not charged.");
    }

    private record RequestFacts(String requestId, ApiKeyOwner owner, Instant receivedAt, ModelChoice choice) {
    }
}
