package dev.tollgate.access;

import java.util.Arrays;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The one check an account-scoped endpoint makes: the caller is authenticated (401 otherwise) and holds
 * the account's own role ({@link #accountRole(String)}) or one of the staff roles the endpoint allows
 * (403 otherwise). A customer's token therefore never reads or changes another account.
 */
@RequestScoped
public class AccountAccess {

    private static final String ACCOUNT_ROLE_PREFIX = "account:";

    private final SecurityIdentity identity;

    @Inject
    public AccountAccess(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** For the container's client proxy of this request-scoped bean only (the container injects the other one). */
    protected AccountAccess() {
        this(null);
    }

    /** The role of a customer who may act on this account only: {@code account:<id>}. */
    public static String accountRole(String accountId) {
        return ACCOUNT_ROLE_PREFIX + accountId;
    }

    /** @param staffRoles roles that may act on every account (the service's own names, e.g. {@code finance}) */
    public void require(String accountId, String... staffRoles) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!isStaff(staffRoles) && (accountId == null || !identity.hasRole(accountRole(accountId)))) {
            throw new ForbiddenException();
        }
    }

    /** For what only staff may do (e.g. every account at once): 401 when anonymous, 403 without one of the roles. */
    public void requireStaff(String... staffRoles) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!isStaff(staffRoles)) {
            throw new ForbiddenException();
        }
    }

    /** Who is acting, for the records (never the token). */
    public String principal() {
        return identity.getPrincipal().getName();
    }

    private boolean isStaff(String... staffRoles) {
        return Arrays.stream(staffRoles).anyMatch(identity::hasRole);
    }
}
