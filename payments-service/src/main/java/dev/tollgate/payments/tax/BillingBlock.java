package dev.tollgate.payments.tax;

import java.util.List;
import java.util.Objects;

/**
 * Who is invoiced, as printed on an invoice: legal name, postal address, country (ISO 3166-1 alpha-2),
 * VAT number (prefix included, may be null) and whether the customer is a business.
 */
public record BillingBlock(String legalName, List<String> addressLines, String postcode, String city, String country,
                           String vatNumber, boolean business) {

    public BillingBlock {
        Objects.requireNonNull(country, "country");
        addressLines = addressLines == null ? List.of() : List.copyOf(addressLines);
    }
}
