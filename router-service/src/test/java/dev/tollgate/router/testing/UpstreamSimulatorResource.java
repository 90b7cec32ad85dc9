package dev.tollgate.router.testing;

import java.util.Map;

import dev.tollgate.simulator.UpstreamSimulator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the router at an upstream simulator of this test JVM (started once, on a free port), at the
 * real ledger ({@link LedgerServiceResource}: every request places a hold there before its upstream
 * call, the demo account starts with {@link #DEMO_INITIAL_CREDITS_MICROS}) and gives it the demo key
 * the tests authenticate with. The key lives in test code only. One resource for all three, so every
 * broker-backed test class shares one resource set and Quarkus starts once.
 */
public class UpstreamSimulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEMO_API_KEY = "tg_test_demo_key_0123456789abcdef";
    public static final String DEMO_ACCOUNT_ID = "acct_demo";
    public static final String DEMO_KEY_ID = "key_demo";
    /** 1,000 credits, granted once by the ledger's demo seeding. */
    public static final long DEMO_INITIAL_CREDITS_MICROS = 10_000_000;

    private static UpstreamSimulator simulator;

    /** The running simulator, to count the upstream calls a test caused. */
    public static synchronized UpstreamSimulator simulator() {
        if (simulator == null) {
            simulator = UpstreamSimulator.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "router-test-simulator-stop"));
        }
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "tollgate.router.upstream.base-url", simulator().baseUrl(),
                "tollgate.router.ledger.url", LedgerServiceResource.ledger().url(),
                "tollgate.router.providers.refusing.base-url", RefusingUpstream.get().baseUrl(),
                "tollgate.demo.api-key", DEMO_API_KEY,
                "tollgate.demo.account-id", DEMO_ACCOUNT_ID,
                "tollgate.demo.key-id", DEMO_KEY_ID);
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM, like the Kafka broker: stopped at JVM exit
    }
}
