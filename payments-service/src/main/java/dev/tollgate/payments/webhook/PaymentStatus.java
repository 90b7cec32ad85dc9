package dev.tollgate.payments.webhook;

/** A payment's status, derived from its Stripe facts (never set directly). */
public enum PaymentStatus {
    PENDING, PAID, FAILED, REFUNDED, DISPUTED;

    public String columnValue() {
        return name().toLowerCase();
    }
}
