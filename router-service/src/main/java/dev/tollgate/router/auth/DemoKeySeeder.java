package dev.tollgate.router.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Registers the one demo key given to this instance (until the control plane issues keys). The key
 * comes from the environment ({@code TOLLGATE_DEMO_API_KEY}), never from a file in the repository,
 * and only its hash is kept.
 */
@ApplicationScoped
public class DemoKeySeeder {

    /** The pepper in application.properties: fine on a laptop, never in production. */
    static final String DEV_ONLY_PEPPER = "dev-only-pepper-do-not-use-in-production";

    private static final Logger LOG = Logger.getLogger(DemoKeySeeder.class);

    private final ApiKeyAuthenticator authenticator;
    private final Optional<String> demoApiKey;
    private final String demoAccountId;
    private final String demoKeyId;
    private final String pepper;

    public DemoKeySeeder(ApiKeyAuthenticator authenticator,
                         @ConfigProperty(name = "tollgate.demo.api-key") Optional<String> demoApiKey,
                         @ConfigProperty(name = "tollgate.demo.account-id") String demoAccountId,
                         @ConfigProperty(name = "tollgate.demo.key-id") String demoKeyId,
                         @ConfigProperty(name = "tollgate.router.key-pepper") String pepper) {
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
        demoApiKey.filter(key -> !key.isBlank()).ifPresentOrElse(key -> {
            authenticator.register(key, new ApiKeyOwner(demoAccountId, demoKeyId));
            LOG.infof("demo API key %s registered for account %s", demoKeyId, demoAccountId);
        }, () -> LOG.info("no demo API key configured (tollgate.demo.api-key): every request is refused with 401"));
    }
}
