package dev.tollgate.metering.api;

import java.util.List;

/** Every version of one model's prices and of its platform fee, oldest first, scheduled ones included. */
public record PriceHistoryView(String model, List<ModelPriceView> prices, List<PlatformFeeView> platformFees) {
}
