package dev.tollgate.access;

import java.util.Map;
import java.util.Set;

import io.smallrye.config.WithDefault;

/**
 * The bearer tokens a service accepts, from its configuration. Only the SHA-256 of each token is configured,
 * so the configuration (and anything that logs it) never holds a usable secret.
 *
 * <p>Each service extends this interface with a {@code @ConfigMapping} of its own, so its keys keep the
 * service's prefix (and its deployments their configuration):
 * <pre>
 * &#64;ConfigMapping(prefix = "tollgate.ledger.auth")
 * public interface LedgerAccessTokens extends AccessTokens { }
 * </pre>
 * reads {@code tollgate.ledger.auth.tokens."<principal>".sha256} and {@code .roles}. Quarkus gives that mapping
 * the type {@code AccessTokens} too, which is what {@link ConfiguredTokenIdentityProvider} injects: a service
 * without one fails at build time (unsatisfied dependency) rather than accepting no one silently.
 */
public interface AccessTokens {

    /** Tokens by principal name (who acted, in the service's records and logs; never the token). */
    Map<String, Token> tokens();

    interface Token {
        /** SHA-256 of the token, hex (64 characters). */
        String sha256();

        /** The service's role names, e.g. {@code finance}, {@code operator}, {@code account:<id>}. */
        @WithDefault("")
        Set<String> roles();
    }
}
