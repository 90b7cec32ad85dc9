package dev.tollgate.payments.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

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
 */
@ApplicationScoped
public class ConfiguredTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final AccessTokens accessTokens;

    public ConfiguredTokenIdentityProvider(AccessTokens accessTokens) {
        this.accessTokens = accessTokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] presented = sha256(request.getToken().getToken());
        Map.Entry<String, AccessTokens.Token> match = null;
        for (Map.Entry<String, AccessTokens.Token> configured : accessTokens.tokens().entrySet()) {
            // compare every entry, without stopping early, so timing says nothing about the tokens
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(configured.getValue().sha256().toLowerCase()))) {
                match = configured;
            }
        }
        if (match == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token"));
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(match.getKey()));
        match.getValue().roles().stream().filter(role -> !role.isBlank()).forEach(identity::addRole);
        return Uni.createFrom().item(identity.build());
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
