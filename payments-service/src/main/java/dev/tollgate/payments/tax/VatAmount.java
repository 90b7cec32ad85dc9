package dev.tollgate.payments.tax;

import java.math.BigDecimal;

/** Net, VAT and gross of one sale in whole cents: {@code grossCents = netCents + vatCents}. */
public record VatAmount(long netCents, BigDecimal ratePercent, long vatCents, long grossCents) {

    public VatAmount {
        if (grossCents != Math.addExact(netCents, vatCents)) {
            throw new IllegalArgumentException("gross must be net + VAT");
        }
    }
}
