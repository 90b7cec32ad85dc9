package dev.tollgate.router.upstream;

/** The catalogue names a provider this instance has no address for: the candidate cannot be called. */
public class UnknownProviderException extends UpstreamUnavailableException {

    public UnknownProviderException(String provider) {
        super("no upstream configured for provider '" + provider + "' (tollgate.router.providers." + provider + ".base-url)", null);
    }
}
