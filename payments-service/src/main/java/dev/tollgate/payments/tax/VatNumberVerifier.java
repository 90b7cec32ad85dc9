package dev.tollgate.payments.tax;

/**
 * Says whether a business customer's VAT number is valid for reverse charge. The default
 * ({@link #formatOnly()}) works offline and accepts any number with the member state's shape; an
 * online check against the Commission's VIES service can be plugged in instead (none is built: this
 * service does not call the internet to decide VAT).
 */
@FunctionalInterface
public interface VatNumberVerifier {

    /** @param vatNumber as entered by the customer, prefix included */
    boolean isValid(String country, String vatNumber);

    /** Offline default: the number has the country's prefix and shape ({@link VatNumberFormats}). */
    static VatNumberVerifier formatOnly() {
        return (country, vatNumber) -> VatNumberFormats.wellFormed(country, vatNumber).isPresent();
    }
}
