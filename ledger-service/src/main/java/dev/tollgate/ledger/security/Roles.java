package dev.tollgate.ledger.security;

import dev.tollgate.access.AccountAccess;

/** Role names of the ledger's API. */
public final class Roles {

    /** Finance operations: every account, reports, exports, adjustments, projection rebuilds. */
    public static final String FINANCE = "finance";

    private Roles() {
    }

    /** The role of a customer who may read only this account. */
    public static String account(String accountId) {
        return AccountAccess.accountRole(accountId);
    }
}
