package dev.tollgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class AccountAccessTest {

    private static final AccountAccess ANONYMOUS = new AccountAccess(QuarkusSecurityIdentity.builder().setAnonymous(true).build());
    private static final AccountAccess FINANCE = access("finance@example", "finance");
    private static final AccountAccess ACME = access("acme-portal", AccountAccess.accountRole("acct_acme"));

    @Test
    void anonymousCallersAreUnauthorized() {
        assertThatThrownBy(() -> ANONYMOUS.require("acct_acme", "finance")).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> ANONYMOUS.requireStaff("finance")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void anAccountTokenReachesItsOwnAccountOnly() {
        assertThatCode(() -> ACME.require("acct_acme", "finance")).doesNotThrowAnyException();
        assertThatThrownBy(() -> ACME.require("acct_other", "finance")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> ACME.require(null, "finance")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> ACME.requireStaff("finance")).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void staffRolesReachEveryAccount() {
        assertThatCode(() -> FINANCE.require("acct_acme", "finance")).doesNotThrowAnyException();
        assertThatCode(() -> FINANCE.requireStaff("operator", "finance")).doesNotThrowAnyException();
        assertThatThrownBy(() -> FINANCE.require("acct_acme", "operator")).isInstanceOf(ForbiddenException.class);
        assertThat(FINANCE.principal()).isEqualTo("finance@example");
    }

    private static AccountAccess access(String principal, String... roles) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(principal));
        for (String role : roles) {
            identity.addRole(role);
        }
        return new AccountAccess(identity.build());
    }
}
