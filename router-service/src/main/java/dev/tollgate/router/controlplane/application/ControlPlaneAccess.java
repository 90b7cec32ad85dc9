package dev.tollgate.router.controlplane.application;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;

import dev.tollgate.router.controlplane.persistence.AccountTable;

/**
 * Who may call the control plane. The operator's token is configured as its SHA-256 only
 * ({@code tollgate.router.operator-token-sha256}); account management tokens are stored as their
 * SHA-256. Gateway API keys are not credentials here.
 */
@ApplicationScoped
public class ControlPlaneAccess {

    private static final String BEARER_PREFIX = "bearer ";
    private static final String CREDENTIALS_NEEDED = "the control plane needs the operator token or an account management token "
            + "as 'Authorization: Bearer ...'; gateway API keys are not accepted here";

    private final Optional<byte[]> operatorTokenSha256;
    private final AccountTable accounts;

    public ControlPlaneAccess(@ConfigProperty(name = "tollgate.router.operator-token-sha256") Optional<String> operatorTokenSha256Hex,
                              AccountTable accounts) {
        this.operatorTokenSha256 = operatorTokenSha256Hex.filter(hex -> !hex.isBlank())
                .map(hex -> HexFormat.of().parseHex(hex.strip().toLowerCase(Locale.ROOT)));
        this.accounts = accounts;
    }

    /** The caller the request's {@code Authorization} header names; fails with 401 when nobody. */
    public Uni<Caller> authenticate(String authorizationHeader) {
        Optional<String> token = bearerToken(authorizationHeader);
        if (token.isEmpty()) {
            return Uni.createFrom().failure(ControlPlaneProblem.unauthenticated(CREDENTIALS_NEEDED));
        }
        byte[] tokenSha256 = Secrets.sha256(token.get());
        if (operatorTokenSha256.isPresent() && MessageDigest.isEqual(operatorTokenSha256.get(), tokenSha256)) {
            return Uni.createFrom().item(Caller.OPERATOR);
        }
        return accounts.accountOfManagementToken(tokenSha256).map(account -> account.map(Caller::new)
                .orElseThrow(() -> ControlPlaneProblem.unauthenticated(CREDENTIALS_NEEDED)));
    }

    /** The operator only; fails with 401 or 403. */
    public Uni<Caller> operator(String authorizationHeader) {
        return authenticate(authorizationHeader).invoke(caller -> {
            if (!caller.isOperator()) {
                throw ControlPlaneProblem.forbidden("operator-only", "only the operator may do this");
            }
        });
    }

    /** The operator or the account's own management token; fails with 401 or 403. */
    public Uni<Caller> managerOf(String authorizationHeader, String accountId) {
        return authenticate(authorizationHeader).invoke(caller -> {
            if (!caller.mayManage(accountId)) {
                throw ControlPlaneProblem.forbidden("other-account", "this management token may manage only its own account");
            }
        });
    }

    private static Optional<String> bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            return Optional.empty();
        }
        String token = header.substring(BEARER_PREFIX.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
