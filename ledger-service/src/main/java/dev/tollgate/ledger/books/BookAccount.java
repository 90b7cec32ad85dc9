package dev.tollgate.ledger.books;

/**
 * An account of the company's books (the chart of accounts), not to be confused with a customer's
 * account: a customer account appears here as its own credit-liability account.
 *
 * <p>Names are {@code <kind>:<what>[:<detail>]}, so a trial balance sorts by kind. The kinds follow
 * the usual normal balances: assets and expenses grow by debits; liabilities and revenue by credits.
 *
 * @param name stable name, used in reports and exports
 */
public record BookAccount(String name) {

    /** Money the payment provider collected for us and has not paid out yet (asset). */
    public static final BookAccount PAYMENT_PROVIDER_CLEARING = new BookAccount("asset:payment-provider-clearing");
    /** Flat payment-processing fees charged on top of top-ups (revenue). */
    public static final BookAccount PROCESSING_FEE_REVENUE = new BookAccount("revenue:processing-fee");
    /** The part of usage charges that passes the upstream provider's price through (revenue; its cost is owed upstream). */
    public static final BookAccount USAGE_REVENUE_UPSTREAM_COST = new BookAccount("revenue:usage:upstream-cost");
    /** The platform fee per token (revenue). */
    public static final BookAccount USAGE_REVENUE_PLATFORM_FEE = new BookAccount("revenue:usage:platform-fee");
    /** The routing margin on model cost, plus the once-per-charge rounding (revenue). */
    public static final BookAccount USAGE_REVENUE_MARGIN = new BookAccount("revenue:usage:margin");
    /** Unspent credits refunded, owed back to the customer through the payment provider (liability). */
    public static final BookAccount REFUNDS_PAYABLE = new BookAccount("liability:refunds-payable");
    /** Credits granted or removed by hand by finance (expense; negative adjustments reduce it). */
    public static final BookAccount MANUAL_ADJUSTMENTS = new BookAccount("expense:manual-adjustments");
    /** A payment whose gross does not equal credits + fee + VAT: kept visible for finance to resolve (liability). */
    public static final BookAccount SUSPENSE = new BookAccount("liability:suspense");

    private static final String CUSTOMER_CREDIT = "liability:customer-credit:";
    private static final String CUSTOMER_CREDIT_HELD = "liability:customer-credit-held:";
    private static final String VAT_PAYABLE = "liability:vat-payable:";

    /** Prepaid credits a customer has not used yet: what we owe them (liability). */
    public static BookAccount customerCredit(String accountId) {
        return new BookAccount(CUSTOMER_CREDIT + accountId);
    }

    /** The part of a customer's credits reserved by open holds (liability; see the README on holds). */
    public static BookAccount customerCreditHeld(String accountId) {
        return new BookAccount(CUSTOMER_CREDIT_HELD + accountId);
    }

    /** VAT collected for one country, owed to its tax authority (liability). */
    public static BookAccount vatPayable(String countryCode) {
        return new BookAccount(VAT_PAYABLE + (countryCode == null ? "unknown" : countryCode));
    }

    public boolean isCustomerCredit() {
        return name.startsWith(CUSTOMER_CREDIT) || name.startsWith(CUSTOMER_CREDIT_HELD);
    }
}
