package dev.tollgate.router.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private static final ApiKeyOwner OWNER = new ApiKeyOwner("acct_a", "key_a");

    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(new InMemoryApiKeyStore(), "pepper");

    @Test
    void registeredBearerKeyIdentifiesItsOwner() {
        authenticator.register("tg_key_one", OWNER);

        assertThat(authenticator.authenticate("Bearer tg_key_one")).contains(OWNER);
        assertThat(authenticator.authenticate("bearer  tg_key_one ")).contains(OWNER);
    }

    @Test
    void unknownMissingOrMalformedKeyIdentifiesNobody() {
        authenticator.register("tg_key_one", OWNER);

        assertThat(authenticator.authenticate("Bearer tg_key_two")).isEmpty();
        assertThat(authenticator.authenticate(null)).isEmpty();
        assertThat(authenticator.authenticate("")).isEmpty();
        assertThat(authenticator.authenticate("Bearer ")).isEmpty();
        assertThat(authenticator.authenticate("Basic dGdfa2V5X29uZQ==")).isEmpty();
        assertThat(authenticator.authenticate("tg_key_one")).isEmpty();
    }

    @Test
    void aKeyHashedWithAnotherPepperIsNotRecognised() {
        InMemoryApiKeyStore store = new InMemoryApiKeyStore();
        new ApiKeyAuthenticator(store, "old-pepper").register("tg_key_one", OWNER);

        assertThat(new ApiKeyAuthenticator(store, "new-pepper").authenticate("Bearer tg_key_one")).isEmpty();
    }
}
