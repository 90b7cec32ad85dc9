package dev.tollgate.contracts;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * Metering scheduled a new platform fee for one model (metering → notifications, router). An increase
 * is always at least 30 days ahead, so customers can be told before it applies; a decrease may apply at
 * once. Not an account's event: the envelope's {@code accountId} (the Kafka key) is {@link #PLATFORM_KEY}.
 *
 * @param model                        the model whose fee changes
 * @param currency                     currency of the rates (the model's price currency)
 * @param promptPerMillion             the new fee per million prompt tokens (cached ones included)
 * @param completionPerMillion         the new fee per million completion tokens
 * @param previousPromptPerMillion     the fee it replaces at {@code effectiveFrom} (0 if the model had none)
 * @param previousCompletionPerMillion the fee it replaces at {@code effectiveFrom} (0 if the model had none)
 * @param increase                     whether either rate goes up
 * @param effectiveFrom                when the new fee applies
 * @param feeVersion                   id of the new fee version
 */
public record PlatformFeeChangeScheduled(
        String model,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal promptPerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal completionPerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal previousPromptPerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal previousCompletionPerMillion,
        boolean increase,
        Instant effectiveFrom,
        String feeVersion) implements EventPayload {

    /** The envelope's account id (and Kafka key) of platform-wide events. */
    public static final String PLATFORM_KEY = "platform";
}
