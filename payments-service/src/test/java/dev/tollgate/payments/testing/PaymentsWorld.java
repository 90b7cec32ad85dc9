package dev.tollgate.payments.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.tollgate.payments.stripe.StripeStub;
import dev.tollgate.testing.FreePorts;
import dev.tollgate.testing.LocalServers;
import dev.tollgate.testing.ServiceJarProcess;
import dev.tollgate.testing.SharedServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Everything the payments tests run against, started once per test JVM: the shared real Kafka and
 * PostgreSQL, the local Stripe stub, and the real ledger-service as a child process. One resource
 * set for every payments flow test, so Quarkus does not restart between them.
 */
public class PaymentsWorld implements QuarkusTestResourceLifecycleManager {

    public static final String WEBHOOK_SECRET = "whsec_test_tollgate";
    /** Finance token of the ledger started here (its SHA-256 is configured below). */
    public static final String LEDGER_FINANCE_TOKEN = "finance-test-token";

    private static StripeStub stripe;
    private static ServiceJarProcess ledger;

    public static synchronized StripeStub stripe() {
        return stripe;
    }

    public static synchronized String ledgerUrl() {
        return ledger.url();
    }

    @Override
    public synchronized Map<String, String> start() {
        LocalServers servers = SharedServers.get();
        Map<String, String> common = Map.of(
                "kafka.bootstrap.servers", servers.kafka().bootstrapServers(),
                "tollgate.postgres.host", servers.postgres().host(),
                "tollgate.postgres.port", Integer.toString(servers.postgres().port()));
        if (stripe == null) {
            stripe = StripeStub.start();
        }
        if (ledger == null) {
            Map<String, String> ledgerProperties = new HashMap<>(common);
            ledgerProperties.put("tollgate.ledger.publisher.offsets-file", "target/ledger-offsets-" + UUID.randomUUID() + ".dat");
            ledgerProperties.put("tollgate.ledger.auth.tokens.finance.sha256",
                    "0762bbb22d5dbc5f919841b480a2873193873a3e7312032bee8a7ae0e35231e5");
            ledgerProperties.put("tollgate.ledger.auth.tokens.finance.roles", "finance");
            ledger = ServiceJarProcess.start("ledger-service", ServiceJarProcess.packagedJar("ledger-service"), FreePorts.pick(),
                    ledgerProperties, Path.of("target", "ledger-service-for-payments-tests.log")).awaitReady(Duration.ofSeconds(180));
        }
        Map<String, String> config = new HashMap<>(common);
        config.put("tollgate.payments.stripe.api-base", stripe.baseUrl());
        config.put("tollgate.payments.stripe.webhook-secret", WEBHOOK_SECRET);
        config.put("tollgate.payments.ledger.url", ledger.url());
        // accounts of these tests have no billing profile: no VAT, so amounts are the credits plus the fee
        config.put("tollgate.payments.vat.without-billing-profile", "none");
        return config;
    }

    @Override
    public void stop() {
        // the stub and the ledger outlive one Quarkus application; the ledger stops at JVM exit
    }
}
