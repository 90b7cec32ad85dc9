package dev.tollgate.router.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class ApiKeyAuthenticatorTest {

    private static final ApiKeyOwner OWNER = new ApiKeyOwner("acct_a", "key_a");
    private static final Duration TTL = Duration.ofSeconds(5);

    private final KeysByHash store = new KeysByHash();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ApiKeyHasher hasher = new ApiKeyHasher("pepper");
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, hasher, TTL, nanos::get);

    @Test
    void storedBearerKeyIdentifiesItsOwner() {
        store.put(hasher.hash("tg_key_one"), OWNER);

        assertThat(authenticate("Bearer tg_key_one")).map(AuthenticatedKey::owner).contains(OWNER);
        assertThat(authenticate("bearer  tg_key_one ")).map(AuthenticatedKey::owner).contains(OWNER);
    }

    @Test
    void unknownMissingOrMalformedKeyIdentifiesNobody() {
        store.put(hasher.hash("tg_key_one"), OWNER);

        assertThat(authenticate("Bearer tg_key_two")).isEmpty();
        assertThat(authenticate(null)).isEmpty();
        assertThat(authenticate("")).isEmpty();
        assertThat(authenticate("Bearer ")).isEmpty();
        assertThat(authenticate("Basic dGdfa2V5X29uZQ==")).isEmpty();
        assertThat(authenticate("tg_key_one")).isEmpty();
    }

    @Test
    void aKeyHashedWithAnotherPepperIsNotRecognised() {
        store.put(new ApiKeyHasher("old-pepper").hash("tg_key_one"), OWNER);

        assertThat(authenticate("Bearer tg_key_one")).isEmpty();
    }

    @Test
    void aFoundKeyIsLookedUpOnceWithinTheTimeToLive() {
        store.put(hasher.hash("tg_key_one"), OWNER);

        authenticate("Bearer tg_key_one");
        nanos.addAndGet(TTL.toNanos() - 1);
        assertThat(authenticate("Bearer tg_key_one")).isPresent();
        assertThat(store.lookups.get()).isEqualTo(1);

        nanos.addAndGet(1);
        assertThat(authenticate("Bearer tg_key_one")).isPresent();
        assertThat(store.lookups.get()).isEqualTo(2);
    }

    @Test
    void aKeyRevokedElsewhereStaysUsableAtMostOneTimeToLive() {
        store.put(hasher.hash("tg_key_one"), OWNER);
        authenticate("Bearer tg_key_one");

        store.remove(hasher.hash("tg_key_one"));
        assertThat(authenticate("Bearer tg_key_one")).isPresent();
        nanos.addAndGet(TTL.toNanos());
        assertThat(authenticate("Bearer tg_key_one")).isEmpty();
    }

    @Test
    void forgettingAKeyOrItsAccountMakesTheNextRequestAskTheStore() {
        store.put(hasher.hash("tg_key_one"), OWNER);
        authenticate("Bearer tg_key_one");
        store.remove(hasher.hash("tg_key_one"));

        authenticator.forgetKey("key_other");
        assertThat(authenticate("Bearer tg_key_one")).isPresent();
        authenticator.forgetKey("key_a");
        assertThat(authenticate("Bearer tg_key_one")).isEmpty();

        store.put(hasher.hash("tg_key_one"), OWNER);
        authenticate("Bearer tg_key_one");
        store.remove(hasher.hash("tg_key_one"));
        authenticator.forgetAccount("acct_a");
        assertThat(authenticate("Bearer tg_key_one")).isEmpty();
    }

    @Test
    void unknownKeysAreNotCached() {
        authenticate("Bearer tg_unknown");
        authenticate("Bearer tg_unknown");

        assertThat(store.lookups.get()).isEqualTo(2);
    }

    private Optional<AuthenticatedKey> authenticate(String header) {
        return authenticator.authenticate(header).await().indefinitely();
    }

    /** The store's contract over a map, counting lookups. */
    private static final class KeysByHash implements ApiKeyStore {

        private final Map<String, ApiKeyOwner> owners = new ConcurrentHashMap<>();
        private final AtomicInteger lookups = new AtomicInteger();

        void put(byte[] hash, ApiKeyOwner owner) {
            owners.put(HexFormat.of().formatHex(hash), owner);
        }

        void remove(byte[] hash) {
            owners.remove(HexFormat.of().formatHex(hash));
        }

        @Override
        public Uni<Optional<AuthenticatedKey>> findUsableByHash(byte[] keyHash) {
            lookups.incrementAndGet();
            return Uni.createFrom().item(Optional.ofNullable(owners.get(HexFormat.of().formatHex(keyHash)))
                    .map(owner -> new AuthenticatedKey(owner, KeyRateLimits.DEFAULTS)));
        }
    }
}
