package dev.tollgate.payments.invoicing;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/** The seller block printed on every invoice (the French company selling the credits). */
@ConfigMapping(prefix = "tollgate.payments.seller")
public interface SellerDetails {

    String legalName();

    List<String> addressLines();

    String postcode();

    String city();

    String country();

    /** SIREN, the French company registration number. */
    String siren();

    /** The seller's intra-EU VAT number (FR...). */
    String vatNumber();

    default List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(legalName());
        lines.addAll(addressLines());
        lines.add(postcode() + " " + city());
        lines.add(country());
        lines.add("SIREN: " + siren());
        lines.add("VAT number: " + vatNumber());
        return lines;
    }
}
