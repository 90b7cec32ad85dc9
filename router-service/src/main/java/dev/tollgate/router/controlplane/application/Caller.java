package dev.tollgate.router.controlplane.application;

/**
 * Who calls the control plane: the operator (everything) or one account's management token (that
 * account only).
 *
 * @param accountId {@code null} for the operator
 */
public record Caller(String accountId) {

    public static final Caller OPERATOR = new Caller(null);

    public boolean isOperator() {
        return accountId == null;
    }

    public boolean mayManage(String account) {
        return isOperator() || accountId.equals(account);
    }
}
