package dev.tollgate.metering.api;

import java.time.Instant;
import java.util.List;

/** The catalogue as it stood at {@code at}: one entry per model, the version in force then. */
public record PriceCatalogueView(Instant at, List<ModelPriceView> prices) {
}
