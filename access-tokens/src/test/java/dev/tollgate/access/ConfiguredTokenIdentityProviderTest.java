package dev.tollgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;

class ConfiguredTokenIdentityProviderTest {

    private static final String OPERATOR_TOKEN = "tg-operator-3f9a1c";
    private static final String CUSTOMER_TOKEN = "tg-customer-77b2e0";

    @Test
    void aConfiguredTokenBecomesItsPrincipalWithItsRoles() {
        ConfiguredTokenIdentityProvider provider = provider(Map.of(
                "ops@example", token(hex(OPERATOR_TOKEN), "operator", "finance"),
                "acme-portal", token(hex(CUSTOMER_TOKEN), "account:acct_acme")));

        SecurityIdentity operator = authenticate(provider, OPERATOR_TOKEN);
        SecurityIdentity customer = authenticate(provider, CUSTOMER_TOKEN);

        assertThat(operator.getPrincipal().getName()).isEqualTo("ops@example");
        assertThat(operator.getRoles()).containsExactlyInAnyOrder("operator", "finance");
        assertThat(customer.getPrincipal().getName()).isEqualTo("acme-portal");
        assertThat(customer.getRoles()).containsExactly("account:acct_acme");
    }

    @Test
    void anUnknownTokenFails() {
        ConfiguredTokenIdentityProvider provider = provider(Map.of("ops@example", token(hex(OPERATOR_TOKEN), "operator")));

        assertThatThrownBy(() -> authenticate(provider, OPERATOR_TOKEN + "x")).isInstanceOf(AuthenticationFailedException.class);
        // the configured hash itself is not a token: presenting it must not authenticate
        assertThatThrownBy(() -> authenticate(provider, hex(OPERATOR_TOKEN))).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void uppercaseHashesAndBlankRolesAreAccepted() {
        ConfiguredTokenIdentityProvider provider = provider(Map.of(
                "finance@example", token(hex(OPERATOR_TOKEN).toUpperCase(), "finance", " ", "")));

        assertThat(authenticate(provider, OPERATOR_TOKEN).getRoles()).containsExactly("finance");
    }

    @Test
    void aMalformedHashStopsTheServiceNamingThePrincipalOnly() {
        assertThatThrownBy(() -> provider(Map.of("ops@example", token("not-a-hash", "operator"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ops@example")
                .hasMessageNotContaining("not-a-hash");
        assertThatThrownBy(() -> provider(Map.of("ops@example", token("abcd", "operator"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noConfiguredTokensMeansNoOneAuthenticates() {
        assertThatThrownBy(() -> authenticate(provider(Map.of()), OPERATOR_TOKEN)).isInstanceOf(AuthenticationFailedException.class);
    }

    private static SecurityIdentity authenticate(ConfiguredTokenIdentityProvider provider, String token) {
        return provider.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), null)
                .await().indefinitely();
    }

    private static String hex(String token) {
        return HexFormat.of().formatHex(ConfiguredTokenIdentityProvider.sha256(token));
    }

    private static ConfiguredTokenIdentityProvider provider(Map<String, AccessTokens.Token> tokens) {
        Map<String, AccessTokens.Token> ordered = new LinkedHashMap<>(tokens);
        return new ConfiguredTokenIdentityProvider(() -> ordered);
    }

    private static AccessTokens.Token token(String sha256, String... roles) {
        return new AccessTokens.Token() {
            @Override
            public String sha256() {
                return sha256;
            }

            @Override
            public Set<String> roles() {
                return Set.of(roles);
            }
        };
    }
}
