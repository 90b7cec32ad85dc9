package dev.tollgate.router.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeyHasherTest {

    private static final String KEY = "tg_live_4f9c2a7e1b3d5f6a8c0e";

    @Test
    void sameKeyGivesSameHash() {
        ApiKeyHasher hasher = new ApiKeyHasher("pepper-one");

        assertThat(hasher.hash(KEY)).isEqualTo(new ApiKeyHasher("pepper-one").hash(KEY));
        assertThat(hasher.hash(KEY)).hasSize(32); // HMAC-SHA256
    }

    @Test
    void differentKeysGiveDifferentHashes() {
        ApiKeyHasher hasher = new ApiKeyHasher("pepper-one");

        assertThat(hasher.hash(KEY)).isNotEqualTo(hasher.hash(KEY + "x"));
    }

    @Test
    void differentPepperGivesDifferentHash() {
        assertThat(new ApiKeyHasher("pepper-one").hash(KEY)).isNotEqualTo(new ApiKeyHasher("pepper-two").hash(KEY));
    }

    @Test
    void emptyPepperIsRefused() {
        assertThatThrownBy(() -> new ApiKeyHasher(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
