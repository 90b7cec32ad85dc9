package dev.tollgate.ledger.domain;

/** Where a hold is in its life: open, then captured, released or expired (all three final). */
public enum HoldStatus {
    OPEN, CAPTURED, RELEASED, EXPIRED;

    /** The value stored in {@code account_hold.status}. */
    public String columnValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static HoldStatus ofColumnValue(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
