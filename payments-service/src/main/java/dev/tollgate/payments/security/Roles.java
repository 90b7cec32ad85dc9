package dev.tollgate.payments.security;

import dev.tollgate.access.AccountAccess;

/** Role names of the payments API. */
public final class Roles {

    /** Operations staff: every account's billing profile and invoices, reissues. */
    public static final String OPERATOR = "operator";

    /** Finance: reads every account's invoices and credit notes. */
    public static final String FINANCE = "finance";

    private Roles() {
    }

    /** The role of a customer who may read and change only this account. */
    public static String account(String accountId) {
        return AccountAccess.accountRole(accountId);
    }
}
