package dev.tollgate.router.upstream;

/** The upstream could not be reached or did not answer in time: no answer, so no usage either. */
public class UpstreamUnavailableException extends RuntimeException {

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
