package dev.tollgate.payments.billing;

import java.time.Instant;

import dev.tollgate.payments.tax.BillingBlock;

/** One version of an account's billing profile: the block printed on invoices, the invoice e-mail, and since when it applies. */
public record BillingProfile(String accountId, Instant validFrom, BillingBlock block, String email) {
}
