package dev.tollgate.metering.security;

import dev.tollgate.access.AccountAccess;

/** Role names of metering's API. */
public final class Roles {

    /** Changes the catalogue: platform fees, exchange rates, price-list imports. */
    public static final String OPERATOR = "operator";

    /** Reads every account's usage analytics. */
    public static final String FINANCE = "finance";

    private Roles() {
    }

    /** The role of a customer who may read only this account's usage. */
    public static String account(String accountId) {
        return AccountAccess.accountRole(accountId);
    }
}
