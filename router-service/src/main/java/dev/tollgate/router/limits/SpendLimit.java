package dev.tollgate.router.limits;

import java.math.BigDecimal;
import java.util.Optional;

import dev.tollgate.pricing.Credits;

/** The maths of a key's own spend limit, in micro-units; the message speaks credits, as the API does. */
public final class SpendLimit {

    private SpendLimit() {
    }

    /**
     * Why a request whose worst case is {@code worstCaseMicros} may not start on a key that has spent
     * {@code spentMicros} of its {@code limitMicros}; empty when it may (always, without a limit).
     */
    public static Optional<String> refusal(Long limitMicros, long spentMicros, long worstCaseMicros) {
        if (limitMicros == null) {
            return Optional.empty();
        }
        if (spentMicros < 0 || worstCaseMicros < 0) {
            throw new IllegalArgumentException("spent and worst case must be >= 0, were " + spentMicros + " and " + worstCaseMicros);
        }
        if (spentMicros + worstCaseMicros <= limitMicros) {
            return Optional.empty();
        }
        long leftMicros = Math.max(0, limitMicros - spentMicros);
        return Optional.of("This API key has reached its spend limit of " + credits(limitMicros)
                + " credits: " + credits(leftMicros) + " credits are left and this request may cost up to "
                + credits(worstCaseMicros) + " credits. Raise the key's limit or use another key.");
    }

    static String credits(long micros) {
        return BigDecimal.valueOf(micros).divide(BigDecimal.valueOf(Credits.MICROS_PER_CREDIT))
                .setScale(Credits.DISPLAY_SCALE).toPlainString();
    }
}
