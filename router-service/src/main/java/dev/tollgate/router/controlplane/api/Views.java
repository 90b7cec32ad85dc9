package dev.tollgate.router.controlplane.api;

import java.time.Instant;
import java.util.List;

import dev.tollgate.router.controlplane.application.ControlPlane;
import dev.tollgate.router.controlplane.application.CreditAmounts;
import dev.tollgate.router.controlplane.persistence.AccountRecord;
import dev.tollgate.router.controlplane.persistence.KeyRecord;
import dev.tollgate.router.controlplane.persistence.StoredProfile;
import dev.tollgate.router.routing.Capability;
import dev.tollgate.router.routing.RoutingProfile;

/** What the control plane answers. Amounts are credits as decimal strings; never a key or a hash, except once at creation. */
public final class Views {

    private Views() {
    }

    public record NewAccount(String name) {
    }

    public record AccountCreated(String accountId, String name, String status, Instant createdAt, String managementToken) {

        static AccountCreated of(ControlPlane.CreatedAccount created) {
            AccountRecord account = created.account();
            return new AccountCreated(account.accountId(), account.name(), account.status(), account.createdAt(), created.managementToken());
        }
    }

    public record AccountView(String accountId, String name, String status, Instant createdAt) {

        static AccountView of(AccountRecord account) {
            return new AccountView(account.accountId(), account.name(), account.status(), account.createdAt());
        }
    }

    public record ProfileView(String accountId, String lowestTier, String highestTier, String costCapCredits,
                              List<String> requiredCapabilities, String toolCallingFloor, Instant createdAt, Instant updatedAt) {

        static ProfileView of(StoredProfile stored) {
            RoutingProfile profile = stored.profile();
            return new ProfileView(stored.accountId(), profile.lowestTier().id(), profile.highestTier().id(),
                    CreditAmounts.credits(profile.costCapMicros()),
                    profile.requiredCapabilities().stream().sorted().map(Capability::id).toList(),
                    profile.toolCallingFloor() == null ? null : profile.toolCallingFloor().stripTrailingZeros().toPlainString(),
                    stored.createdAt(), stored.updatedAt());
        }
    }

    public record KeyView(String keyId, String name, String prefix, String spendLimitCredits, String spentCredits,
                          Integer requestsPerMinute, Long tokensPerMinute, Instant createdAt, Instant revokedAt) {

        static KeyView of(KeyRecord key) {
            return new KeyView(key.keyId(), key.name(), key.displayPrefix(), CreditAmounts.credits(key.spendLimitMicros()),
                    CreditAmounts.credits(key.spentMicros()), key.rateLimits().requestsPerMinute(), key.rateLimits().tokensPerMinute(),
                    key.createdAt(), key.revokedAt());
        }
    }

    /** The only answer that holds the key: shown once, stored as its HMAC. */
    public record KeyCreated(String keyId, String key, String name, String prefix, String spendLimitCredits,
                             Integer requestsPerMinute, Long tokensPerMinute, Instant createdAt) {

        static KeyCreated of(ControlPlane.CreatedKey created) {
            KeyRecord key = created.key();
            return new KeyCreated(key.keyId(), created.apiKey(), key.name(), key.displayPrefix(),
                    CreditAmounts.credits(key.spendLimitMicros()), key.rateLimits().requestsPerMinute(),
                    key.rateLimits().tokensPerMinute(), key.createdAt());
        }
    }
}
