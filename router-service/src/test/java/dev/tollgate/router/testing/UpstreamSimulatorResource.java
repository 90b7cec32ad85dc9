package dev.tollgate.router.testing;

import java.util.Map;

import dev.tollgate.simulator.UpstreamSimulator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the router at an upstream simulator of this test JVM (started once, on a free port) and
 * gives it the demo key the tests authenticate with. The key lives in test code only.
 */
public class UpstreamSimulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEMO_API_KEY = "tg_test_demo_key_0123456789abcdef";
    public static final String DEMO_ACCOUNT_ID = "acct_demo";
    public static final String DEMO_KEY_ID = "key_demo";

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
                "tollgate.demo.api-key", DEMO_API_KEY,
                "tollgate.demo.account-id", DEMO_ACCOUNT_ID,
                "tollgate.demo.key-id", DEMO_KEY_ID);
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM, like the Kafka broker: stopped at JVM exit
    }
}
