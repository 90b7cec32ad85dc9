package dev.tollgate.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into an identity: the token's SHA-256 is compared (in constant time) with every
 * configured hash; the match gives the principal and its roles. Unknown tokens fail (401).
 *
 * <p>Created at start-up, so a malformed hash in the configuration stops the service instead of failing
 * the first request that needs a token.
 */
@Startup
@ApplicationScoped
public class ConfiguredTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private record ConfiguredToken(String principal, byte[] sha256, Set<String> roles) {
    }

    private final List<ConfiguredToken> tokens;

    public ConfiguredTokenIdentityProvider(AccessTokens accessTokens) {
        this.tokens = accessTokens.tokens().entrySet().stream().map(ConfiguredTokenIdentityProvider::configured).toList();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] presented = sha256(request.getToken().getToken());
        ConfiguredToken match = null;
        for (ConfiguredToken configured : tokens) {
            // compare every entry, without stopping early, so timing says nothing about the tokens
            if (MessageDigest.isEqual(presented, configured.sha256())) {
                match = configured;
            }
        }
        if (match == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token"));
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(match.principal()));
        match.roles().forEach(identity::addRole);
        return Uni.createFrom().item(identity.build());
    }

    /** SHA-256 of the token's UTF-8 bytes: what the configuration holds, in hex. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ConfiguredToken configured(Map.Entry<String, AccessTokens.Token> entry) {
        byte[] hash;
        try {
            hash = HexFormat.of().parseHex(entry.getValue().sha256().trim().toLowerCase());
        } catch (IllegalArgumentException e) {
            hash = new byte[0];
        }
        if (hash.length != 32) {
            // names the principal only: the configured value is a hash, but it has no place in a log either
            throw new IllegalStateException("the token of principal '" + entry.getKey()
                    + "' must be configured as its SHA-256 in hex (64 characters)");
        }
        Set<String> roles = entry.getValue().roles().stream().map(String::trim).filter(role -> !role.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return new ConfiguredToken(entry.getKey(), hash, roles);
    }
}
