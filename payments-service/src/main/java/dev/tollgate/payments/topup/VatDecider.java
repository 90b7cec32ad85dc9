package dev.tollgate.payments.topup;

/** Decides the VAT of an account's top-up from its billing profile. */
public interface VatDecider {

    VatOutcome decide(String accountId);
}
