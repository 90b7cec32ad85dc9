package dev.tollgate.router.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/** One upstream provider, reached in its own protocol. Other providers come as further implementations. */
public interface UpstreamAdapter {

    /** The provider name recorded with usage. */
    String provider();

    /**
     * Sends an OpenAI-style chat completion request (model already chosen) and returns the answer,
     * whatever its status. Fails with {@link UpstreamUnavailableException} when there is no answer.
     */
    Uni<UpstreamAnswer> chatCompletion(ObjectNode request);
}
