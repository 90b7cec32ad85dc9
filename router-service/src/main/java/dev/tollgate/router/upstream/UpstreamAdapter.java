package dev.tollgate.router.upstream;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * One upstream provider, reached in its own protocol. {@link UpstreamProviders} holds one per configured
 * provider; a provider with another protocol comes as a further implementation.
 */
public interface UpstreamAdapter {

    /** The provider name recorded with usage (pricing depends on it). */
    String provider();

    /**
     * Sends an OpenAI-style chat completion request (model already chosen) and returns the answer,
     * whatever its status. Fails with {@link UpstreamUnavailableException} when there is no answer.
     *
     * @param clientHeaders the client's request headers (lower-case names); an adapter forwards none of
     *                      them unless configured to (the simulator's test knobs)
     */
    Uni<UpstreamAnswer> chatCompletion(ObjectNode request, Map<String, String> clientHeaders);

    /**
     * Sends a streaming chat completion request ({@code stream: true} already set). Fails with
     * {@link UpstreamUnavailableException} when there is no answer at all.
     */
    Uni<UpstreamStream> streamChatCompletion(ObjectNode request, Map<String, String> clientHeaders);
}
