package dev.tollgate.payments.tax;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of an intra-EU VAT number per member state. A VAT number is written with its country
 * prefix, as on an invoice ({@code FR40303265045}, {@code EL094259216} for Greece); spaces, dots and
 * dashes are ignored and letters are upper-cased. A matching shape says nothing about whether the number
 * is registered: that is a {@link VatNumberVerifier}'s job.
 */
public final class VatNumberFormats {

    /** The number after the prefix, per ISO country code of the member state. */
    private static final Map<String, Pattern> BODY_BY_COUNTRY = Map.ofEntries(
            Map.entry("AT", Pattern.compile("U\\d{8}")),
            Map.entry("BE", Pattern.compile("[01]\\d{9}")),
            Map.entry("BG", Pattern.compile("\\d{9,10}")),
            Map.entry("CY", Pattern.compile("\\d{8}[A-Z]")),
            Map.entry("CZ", Pattern.compile("\\d{8,10}")),
            Map.entry("DE", Pattern.compile("\\d{9}")),
            Map.entry("DK", Pattern.compile("\\d{8}")),
            Map.entry("EE", Pattern.compile("\\d{9}")),
            Map.entry("GR", Pattern.compile("\\d{9}")),
            Map.entry("ES", Pattern.compile("[A-Z0-9]\\d{7}[A-Z0-9]")),
            Map.entry("FI", Pattern.compile("\\d{8}")),
            Map.entry("FR", Pattern.compile("[A-HJ-NP-Z0-9]{2}\\d{9}")),
            Map.entry("HR", Pattern.compile("\\d{11}")),
            Map.entry("HU", Pattern.compile("\\d{8}")),
            Map.entry("IE", Pattern.compile("\\d{7}[A-WY][A-IW]?|\\d[A-Z+*]\\d{5}[A-WY]")),
            Map.entry("IT", Pattern.compile("\\d{11}")),
            Map.entry("LT", Pattern.compile("\\d{9}|\\d{12}")),
            Map.entry("LU", Pattern.compile("\\d{8}")),
            Map.entry("LV", Pattern.compile("\\d{11}")),
            Map.entry("MT", Pattern.compile("\\d{8}")),
            Map.entry("NL", Pattern.compile("\\d{9}B\\d{2}")),
            Map.entry("PL", Pattern.compile("\\d{10}")),
            Map.entry("PT", Pattern.compile("\\d{9}")),
            Map.entry("RO", Pattern.compile("[1-9]\\d{1,9}")),
            Map.entry("SE", Pattern.compile("\\d{10}01")),
            Map.entry("SI", Pattern.compile("[1-9]\\d{7}")),
            Map.entry("SK", Pattern.compile("[1-9]\\d{9}")));

    private VatNumberFormats() {
    }

    /** The VAT prefix of a member state: its ISO code, except {@code EL} for Greece. */
    public static String prefixOf(String country) {
        return "GR".equals(country) ? "EL" : country;
    }

    /** Upper case, without spaces, dots or dashes. */
    public static String normalize(String vatNumber) {
        return vatNumber == null ? null : vatNumber.replaceAll("[\\s.\\-]", "").toUpperCase(Locale.ROOT);
    }

    /** The normalised number when it has the shape of a VAT number of {@code country}, prefix included. */
    public static Optional<String> wellFormed(String country, String vatNumber) {
        Pattern body = BODY_BY_COUNTRY.get(country);
        String normalized = normalize(vatNumber);
        if (body == null || normalized == null) {
            return Optional.empty();
        }
        String prefix = prefixOf(country);
        if (!normalized.startsWith(prefix) || !body.matcher(normalized.substring(prefix.length())).matches()) {
            return Optional.empty();
        }
        return Optional.of(normalized);
    }

    public static boolean knows(String country) {
        return BODY_BY_COUNTRY.containsKey(country);
    }
}
