package dev.tollgate.metering.api;

import java.time.Instant;

import dev.tollgate.metering.domain.PlatformFeeVersion;

/** One version of a model's platform fee, per million tokens in {@code currency}. */
public record PlatformFeeView(String model, String currency, String promptPerMillion, String completionPerMillion,
                              Instant effectiveFrom, String version) {

    static PlatformFeeView of(PlatformFeeVersion fee) {
        return new PlatformFeeView(fee.model(), fee.currency(), Decimals.plain(fee.promptPerMillion()),
                Decimals.plain(fee.completionPerMillion()), fee.effectiveFrom(), fee.version());
    }
}
