package dev.tollgate.router.auth;

/**
 * A key's own rate limits, stored with the key; {@code null}: the configured default applies.
 *
 * @param requestsPerMinute requests a minute, per router instance
 * @param tokensPerMinute   estimated tokens a minute, per router instance
 */
public record KeyRateLimits(Integer requestsPerMinute, Long tokensPerMinute) {

    public static final KeyRateLimits DEFAULTS = new KeyRateLimits(null, null);

    public KeyRateLimits {
        if (requestsPerMinute != null && requestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be > 0 when set, was " + requestsPerMinute);
        }
        if (tokensPerMinute != null && tokensPerMinute <= 0) {
            throw new IllegalArgumentException("tokensPerMinute must be > 0 when set, was " + tokensPerMinute);
        }
    }
}
