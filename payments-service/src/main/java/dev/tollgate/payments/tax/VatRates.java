package dev.tollgate.payments.tax;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Standard VAT rates of the EU member states with the day each took effect, read from
 * {@code eu-vat-standard-rates.csv} beside this class. Rates are percentages ({@code 25.5} is 25.5%).
 * Countries are ISO 3166-1 alpha-2 ({@code GR} for Greece; its VAT numbers use the prefix {@code EL}).
 */
public final class VatRates {

    public static final String RESOURCE = "eu-vat-standard-rates.csv";

    private record Period(LocalDate effectiveFrom, BigDecimal ratePercent) {
    }

    private final Map<String, List<Period>> periodsByCountry;

    private VatRates(Map<String, List<Period>> periodsByCountry) {
        this.periodsByCountry = periodsByCountry;
    }

    /** The table shipped with the service. */
    public static VatRates standard() {
        try (InputStream in = VatRates.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code country,rate_percent,effective_from} rows; blank lines and {@code #} comments are skipped. */
    public static VatRates parse(List<String> lines) {
        Map<String, List<Period>> periods = new TreeMap<>();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split(",");
            if (fields.length != 3) {
                throw new IllegalArgumentException("a VAT rate row has country,rate_percent,effective_from: " + line);
            }
            BigDecimal rate = new BigDecimal(fields[1].trim());
            if (rate.signum() < 0 || rate.compareTo(BigDecimal.valueOf(100)) >= 0) {
                throw new IllegalArgumentException("VAT rate out of range: " + line);
            }
            periods.computeIfAbsent(fields[0].trim(), country -> new ArrayList<>())
                    .add(new Period(LocalDate.parse(fields[2].trim()), rate));
        }
        periods.values().forEach(list -> list.sort(Comparator.comparing(Period::effectiveFrom)));
        return new VatRates(periods);
    }

    public boolean isMemberState(String country) {
        return country != null && periodsByCountry.containsKey(country);
    }

    public Set<String> memberStates() {
        return periodsByCountry.keySet();
    }

    /**
     * The standard rate in force in {@code country} on {@code date}, or empty when the country is not a
     * member state.
     *
     * @throws IllegalArgumentException when the date is before the table's first row for that country
     */
    public Optional<BigDecimal> standardRatePercent(String country, LocalDate date) {
        List<Period> periods = periodsByCountry.get(country);
        if (periods == null) {
            return Optional.empty();
        }
        BigDecimal rate = null;
        for (Period period : periods) {
            if (!period.effectiveFrom().isAfter(date)) {
                rate = period.ratePercent();
            }
        }
        if (rate == null) {
            throw new IllegalArgumentException("no VAT rate of " + country + " known for " + date
                    + " (the table starts " + periods.get(0).effectiveFrom() + ")");
        }
        return Optional.of(rate);
    }
}
