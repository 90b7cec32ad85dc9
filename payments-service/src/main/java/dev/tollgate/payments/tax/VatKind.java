package dev.tollgate.payments.tax;

/** Which VAT rule applied to a sale by the French seller. */
public enum VatKind {
    /** French VAT: French customers, consumer or business. */
    STANDARD_FR,
    /** VAT of the customer's member state: EU consumers outside France (and businesses without a valid number). */
    STANDARD_CUSTOMER_COUNTRY,
    /** EU business with a valid VAT number outside France: no VAT, the customer accounts for it. */
    REVERSE_CHARGE,
    /** Customer outside the EU: no EU VAT. */
    OUTSIDE_SCOPE
}
