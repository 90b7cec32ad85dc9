package dev.tollgate.payments.billing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatNumberFormats;
import dev.tollgate.payments.tax.VatRates;

/**
 * Checks a billing profile before it is stored (plain Java). Every problem is listed at once. A VAT number
 * given for an EU member state must have that state's shape: a malformed number is refused here rather
 * than silently turned into consumer VAT, so the customer can correct it.
 */
public final class BillingProfileValidation {

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_TEXT = 200;
    private static final int MAX_ADDRESS_LINES = 3;

    private final VatRates rates;

    public BillingProfileValidation(VatRates rates) {
        this.rates = rates;
    }

    /** @return the problems, empty when the profile may be stored */
    public List<String> problems(BillingBlock block, String email) {
        List<String> problems = new ArrayList<>();
        text(problems, "legalName", block.legalName(), true);
        if (block.addressLines().isEmpty() || block.addressLines().size() > MAX_ADDRESS_LINES) {
            problems.add("addressLines must have 1 to " + MAX_ADDRESS_LINES + " lines");
        }
        block.addressLines().forEach(line -> text(problems, "addressLines", line, true));
        text(problems, "postcode", block.postcode(), true);
        text(problems, "city", block.city(), true);
        if (!ISO_COUNTRIES.contains(block.country())) {
            problems.add("country must be an ISO 3166-1 alpha-2 code in upper case, was " + block.country());
        }
        if (email == null || email.length() > MAX_TEXT || !EMAIL.matcher(email).matches()) {
            problems.add("email must be an e-mail address");
        }
        if (block.vatNumber() != null) {
            text(problems, "vatNumber", block.vatNumber(), false);
            if (rates.isMemberState(block.country()) && VatNumberFormats.wellFormed(block.country(), block.vatNumber()).isEmpty()) {
                problems.add("vatNumber is not a VAT number of " + block.country() + " (prefix "
                        + VatNumberFormats.prefixOf(block.country()) + " and the country's format)");
            }
        }
        return problems;
    }

    private static void text(List<String> problems, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field + " is required");
            }
        } else if (value.length() > MAX_TEXT) {
            problems.add(field + " is longer than " + MAX_TEXT + " characters");
        }
    }
}
