package dev.tollgate.router.upstream;

import java.util.Optional;

/**
 * What the upstream answered, kept byte for byte so the client gets exactly that.
 *
 * @param usage the usage the upstream reported in the body, if any
 */
public record UpstreamAnswer(int status, String contentType, byte[] body, Optional<UpstreamUsage> usage) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The upstream charged for this answer: it succeeded, or it reports tokens consumed all the same. */
    public boolean isBillable() {
        return isSuccess() || usage.map(UpstreamUsage::hasTokens).orElse(false);
    }

    public boolean isServerError() {
        return status >= 500;
    }
}
