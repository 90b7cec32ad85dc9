package dev.tollgate.router.controlplane.application;

import dev.tollgate.router.auth.KeyRateLimits;

/**
 * A new API key as a client asks for it.
 *
 * @param name              what the key is for, 1 to 200 characters; required
 * @param spendLimitCredits the most the key may spend, in credits; {@code null}: no limit of its own
 * @param requestsPerMinute overrides the configured request rate; {@code null}: the default
 * @param tokensPerMinute   overrides the configured token rate; {@code null}: the default
 */
public record KeyInput(String name, String spendLimitCredits, Integer requestsPerMinute, Long tokensPerMinute) {

    public static final int MAX_NAME_LENGTH = 200;

    public String checkedName() {
        if (name == null || name.isBlank()) {
            throw ControlPlaneProblem.badRequest("invalid-key", "name is required");
        }
        if (name.strip().length() > MAX_NAME_LENGTH) {
            throw ControlPlaneProblem.badRequest("invalid-key", "name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return name.strip();
    }

    public Long spendLimitMicros() {
        return spendLimitCredits == null ? null : CreditAmounts.positiveMicros("spendLimitCredits", spendLimitCredits);
    }

    public KeyRateLimits rateLimits() {
        if (requestsPerMinute != null && requestsPerMinute <= 0) {
            throw ControlPlaneProblem.badRequest("invalid-key", "requestsPerMinute must be greater than 0");
        }
        if (tokensPerMinute != null && tokensPerMinute <= 0) {
            throw ControlPlaneProblem.badRequest("invalid-key", "tokensPerMinute must be greater than 0");
        }
        return new KeyRateLimits(requestsPerMinute, tokensPerMinute);
    }
}
