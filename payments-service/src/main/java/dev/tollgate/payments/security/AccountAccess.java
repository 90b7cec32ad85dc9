package dev.tollgate.payments.security;

import java.util.Arrays;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The one check every account-scoped endpoint makes: the caller is authenticated (401 otherwise) and
 * holds the account's own role or one of the staff roles the endpoint allows (403 otherwise). A customer
 * token therefore never reads or changes another account.
 */
@RequestScoped
public class AccountAccess {

    private final SecurityIdentity identity;

    public AccountAccess(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** @param staffRoles roles that may act on every account (e.g. {@link Roles#OPERATOR}) */
    public void require(String accountId, String... staffRoles) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        boolean staff = Arrays.stream(staffRoles).anyMatch(identity::hasRole);
        if (!staff && !identity.hasRole(Roles.account(accountId))) {
            throw new ForbiddenException();
        }
    }

    /** Who is acting, for the records (never the token). */
    public String principal() {
        return identity.getPrincipal().getName();
    }
}
