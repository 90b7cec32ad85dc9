package dev.tollgate.router.controlplane.application;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

import dev.tollgate.router.auth.ApiKeyAuthenticator;
import dev.tollgate.router.auth.KeyRateLimits;
import dev.tollgate.router.controlplane.persistence.AccountTable;
import dev.tollgate.router.controlplane.persistence.ApiKeyTable;
import dev.tollgate.router.controlplane.persistence.NewKey;
import dev.tollgate.router.controlplane.persistence.ProfileTable;
import dev.tollgate.router.routing.RoutingProfile;

/**
 * Makes sure the demo account exists when a demo key is given ({@code TOLLGATE_DEMO_API_KEY}, never a
 * file in the repository): account {@code tollgate.demo.account-id} with an unrestricted profile and the
 * key {@code tollgate.demo.key-id}, stored as its HMAC. Idempotent: every start may run it, and the
 * profile of an existing demo account is left as it is.
 */
@ApplicationScoped
public class DemoAccountSeeder {

    /** The pepper in application.properties: fine on a laptop, never in production. */
    static final String DEV_ONLY_PEPPER = "dev-only-pepper-do-not-use-in-production";

    private static final Logger LOG = Logger.getLogger(DemoAccountSeeder.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final AccountTable accounts;
    private final ProfileTable profiles;
    private final ApiKeyTable keys;
    private final ApiKeyAuthenticator authenticator;
    private final Optional<String> demoApiKey;
    private final String demoAccountId;
    private final String demoKeyId;
    private final String pepper;

    public DemoAccountSeeder(AccountTable accounts, ProfileTable profiles, ApiKeyTable keys, ApiKeyAuthenticator authenticator,
                             @ConfigProperty(name = "tollgate.demo.api-key") Optional<String> demoApiKey,
                             @ConfigProperty(name = "tollgate.demo.account-id") String demoAccountId,
                             @ConfigProperty(name = "tollgate.demo.key-id") String demoKeyId,
                             @ConfigProperty(name = "tollgate.router.key-pepper") String pepper) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.keys = keys;
        this.authenticator = authenticator;
        this.demoApiKey = demoApiKey;
        this.demoAccountId = demoAccountId;
        this.demoKeyId = demoKeyId;
        this.pepper = pepper;
    }

    void seed(@Observes StartupEvent startup) {
        if (DEV_ONLY_PEPPER.equals(pepper) && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("tollgate.router.key-pepper is the development default: set TOLLGATE_ROUTER_KEY_PEPPER to a secret in production");
        }
        Optional<String> key = demoApiKey.filter(value -> !value.isBlank());
        if (key.isEmpty()) {
            LOG.info("no demo API key configured (tollgate.demo.api-key): only keys issued by the control plane are accepted");
            return;
        }
        NewKey demoKey = new NewKey(demoKeyId, demoAccountId, authenticator.hash(key.get()), Secrets.displayPrefix(key.get()), "demo key",
                null, KeyRateLimits.DEFAULTS);
        // startup may block: the application takes no request before this is done
        accounts.ensure(demoAccountId, "Demo account")
                .chain(() -> profiles.insertIfAbsent(demoAccountId, RoutingProfile.unrestricted()))
                .chain(() -> keys.upsert(demoKey))
                .await().atMost(STARTUP_TIMEOUT);
        authenticator.forgetKey(demoKeyId);
        LOG.infof("demo API key %s ready for account %s", demoKeyId, demoAccountId);
    }
}
