package dev.tollgate.router.billing;

import java.util.Objects;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Money;

/** A model a request may go to, with the most the request can cost on it (prompt estimate + max_tokens). */
public record PricedCandidate(CatalogueEntry entry, Money worstCase) {

    public PricedCandidate {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(worstCase, "worstCase");
        if (worstCase.isNegative()) {
            throw new IllegalArgumentException("a worst case cannot be negative: " + worstCase);
        }
    }
}
