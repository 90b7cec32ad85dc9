package dev.tollgate.router.controlplane.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.tollgate.router.auth.ApiKeyAuthenticator;
import dev.tollgate.router.auth.KeyRateLimits;
import dev.tollgate.router.controlplane.persistence.AccountRecord;
import dev.tollgate.router.controlplane.persistence.AccountTable;
import dev.tollgate.router.controlplane.persistence.ApiKeyTable;
import dev.tollgate.router.controlplane.persistence.KeyRecord;
import dev.tollgate.router.controlplane.persistence.NewKey;
import dev.tollgate.router.controlplane.persistence.ProfileTable;
import dev.tollgate.router.controlplane.persistence.StoredProfile;
import dev.tollgate.router.routing.RoutingProfile;

/**
 * The control plane's use cases: accounts, their one routing profile, their API keys. Every input is
 * checked before anything is written; callers are authorised by {@link ControlPlaneAccess} first.
 */
@ApplicationScoped
public class ControlPlane {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class);

    private final AccountTable accounts;
    private final ProfileTable profiles;
    private final ApiKeyTable keys;
    private final ApiKeyAuthenticator authenticator;

    public ControlPlane(AccountTable accounts, ProfileTable profiles, ApiKeyTable keys, ApiKeyAuthenticator authenticator) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.keys = keys;
        this.authenticator = authenticator;
    }

    /** A new account with its management token, which is returned here only (stored as SHA-256). */
    public record CreatedAccount(AccountRecord account, String managementToken) {
    }

    /** A new key, returned here only (stored as HMAC). */
    public record CreatedKey(KeyRecord key, String apiKey) {
    }

    public Uni<CreatedAccount> createAccount(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            return Uni.createFrom().failure(ControlPlaneProblem.badRequest("invalid-account", "name is required, 1 to 200 characters"));
        }
        String token = Secrets.newManagementToken();
        return accounts.create(Secrets.newId("acct_"), name.strip(), Secrets.newId("mgt_"), Secrets.sha256(token))
                .invoke(account -> LOG.infof("account %s created", account.accountId()))
                .map(account -> new CreatedAccount(account, token));
    }

    public Uni<AccountRecord> account(String accountId) {
        return accounts.find(accountId).map(found -> found.orElseThrow(() -> unknownAccount(accountId)));
    }

    public Uni<StoredProfile> createProfile(String accountId, ProfileInput input) {
        return checked(input).chain(profile -> account(accountId)
                .chain(() -> profiles.insertIfAbsent(accountId, profile))
                .map(stored -> stored.orElseThrow(() -> ControlPlaneProblem.forbidden("profile-exists",
                        "an account has exactly one routing profile; change it with PUT"))));
    }

    public Uni<StoredProfile> replaceProfile(String accountId, ProfileInput input) {
        return checked(input).chain(profile -> account(accountId)
                .chain(() -> profiles.update(accountId, profile))
                .map(stored -> stored.orElseThrow(() -> noProfile(accountId)))
                // the keys' cached owners carry the old profile
                .invoke(() -> authenticator.forgetAccount(accountId)));
    }

    public Uni<StoredProfile> profile(String accountId) {
        return account(accountId).chain(() -> profiles.find(accountId))
                .map(stored -> stored.orElseThrow(() -> noProfile(accountId)));
    }

    public Uni<CreatedKey> createKey(String accountId, KeyInput input) {
        if (input == null) {
            return Uni.createFrom().failure(ControlPlaneProblem.badRequest("invalid-key", "a JSON body is required"));
        }
        String name;
        Long spendLimitMicros;
        KeyRateLimits rateLimits;
        try {
            name = input.checkedName();
            spendLimitMicros = input.spendLimitMicros();
            rateLimits = input.rateLimits();
        } catch (ControlPlaneProblem problem) {
            return Uni.createFrom().failure(problem);
        }
        return account(accountId)
                .chain(() -> profiles.find(accountId))
                .chain(profile -> {
                    if (profile.isEmpty()) {
                        return Uni.createFrom().failure(ControlPlaneProblem.conflict("profile-required",
                                "account " + accountId + " has no routing profile yet: create it (POST .../profile) before its keys"));
                    }
                    String apiKey = Secrets.newApiKey();
                    NewKey key = new NewKey(Secrets.newId("key_"), accountId, authenticator.hash(apiKey),
                            Secrets.displayPrefix(apiKey), name, spendLimitMicros, rateLimits);
                    return keys.insert(key).map(stored -> new CreatedKey(stored, apiKey));
                })
                .invoke(created -> LOG.infof("API key %s created for account %s", created.key().keyId(), accountId));
    }

    public Uni<List<KeyRecord>> keys(String accountId) {
        return account(accountId).chain(() -> keys.list(accountId));
    }

    /** Revokes the key: refused by this instance at once, by the others within the key cache's time-to-live. */
    public Uni<KeyRecord> revokeKey(String accountId, String keyId) {
        return account(accountId)
                .chain(() -> keys.revoke(accountId, keyId))
                .map(revoked -> revoked.orElseThrow(() -> ControlPlaneProblem.notFound("account " + accountId + " has no key " + keyId)))
                .invoke(revoked -> {
                    authenticator.forgetKey(keyId);
                    LOG.infof("API key %s of account %s revoked", keyId, accountId);
                });
    }

    private static Uni<RoutingProfile> checked(ProfileInput input) {
        if (input == null) {
            return Uni.createFrom().failure(ControlPlaneProblem.badRequest("invalid-profile", "a JSON body is required"));
        }
        try {
            return Uni.createFrom().item(input.toProfile());
        } catch (ControlPlaneProblem problem) {
            return Uni.createFrom().failure(problem);
        }
    }

    private static ControlPlaneProblem unknownAccount(String accountId) {
        return ControlPlaneProblem.notFound("no account " + accountId);
    }

    private static ControlPlaneProblem noProfile(String accountId) {
        return ControlPlaneProblem.notFound("account " + accountId + " has no routing profile yet: create it with POST");
    }
}
