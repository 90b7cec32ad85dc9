package dev.tollgate.router.upstream;

import java.util.Objects;

import io.smallrye.mutiny.Multi;

/**
 * The upstream's answer to a streaming request: either an open event stream (a 2xx server-sent event
 * stream, relayed as it comes), or an answer read whole (an error status, or a provider that answered
 * without streaming).
 *
 * @param answeredWhole the whole answer when the upstream did not stream; {@code null} when it streams
 * @param events        the {@code data} of each event as the upstream sends it ({@code [DONE]} included);
 *                      fails with {@link UpstreamUnavailableException} if the stream breaks; cancelling it
 *                      cancels the upstream call. {@code null} when answered whole.
 */
public record UpstreamStream(UpstreamAnswer answeredWhole, Multi<String> events) {

    public static UpstreamStream whole(UpstreamAnswer answer) {
        return new UpstreamStream(Objects.requireNonNull(answer), null);
    }

    public static UpstreamStream open(Multi<String> events) {
        return new UpstreamStream(null, Objects.requireNonNull(events));
    }

    public boolean isOpen() {
        return events != null;
    }
}
