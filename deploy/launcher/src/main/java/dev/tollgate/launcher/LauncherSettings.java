package dev.tollgate.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where and on which ports the embedded default runs. Every port can be changed through an
 * environment variable; 0 means "any free port" (what tests use).
 *
 * @param repositoryRoot  the Tollgate checkout (service jars are found under it)
 * @param stateDir        where data, logs and local.env live ({@code .tollgate/})
 * @param keepData        keep Kafka and PostgreSQL data between runs (the launcher) or throw it away (tests)
 */
public record LauncherSettings(
        Path repositoryRoot,
        Path stateDir,
        boolean keepData,
        int gatewayPort,
        int meteringPort,
        int ledgerPort,
        int paymentsPort,
        int simulatorPort,
        int kafkaPort,
        int postgresPort,
        String demoAccountId,
        long demoCreditsMicros) {

    public static final String DEMO_ACCOUNT_ID = "acct_demo";
    /** 10 EUR = 1,000 credits. */
    public static final long DEMO_CREDITS_MICROS = 10_000_000L;

    /** The documented defaults, each overridable by its environment variable. */
    public static LauncherSettings fromEnvironment(Map<String, String> environment) {
        Path root = findRepositoryRoot();
        return new LauncherSettings(root, root.resolve(".tollgate"), true,
                port(environment, "TOLLGATE_GATEWAY_PORT", 8080),
                port(environment, "TOLLGATE_METERING_PORT", 8081),
                port(environment, "TOLLGATE_LEDGER_PORT", 8082),
                port(environment, "TOLLGATE_PAYMENTS_PORT", 8083),
                port(environment, "TOLLGATE_SIMULATOR_PORT", 8089),
                port(environment, "TOLLGATE_KAFKA_PORT", 9092),
                port(environment, "TOLLGATE_PG_PORT", 5433),
                DEMO_ACCOUNT_ID, DEMO_CREDITS_MICROS);
    }

    /** Free ports, a throw-away state folder: for tests that start everything. */
    public static LauncherSettings forTests(Path stateDir) {
        return new LauncherSettings(findRepositoryRoot(), stateDir, false, 0, 0, 0, 0, 0, 0, 0,
                DEMO_ACCOUNT_ID, DEMO_CREDITS_MICROS);
    }

    private static int port(Map<String, String> environment, String variable, int defaultPort) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a port number, was " + value);
        }
    }

    /** The checkout: {@code tollgate.home} if set, else the nearest folder above the working one holding {@code mvnw}. */
    static Path findRepositoryRoot() {
        String home = System.getProperty("tollgate.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.exists(folder.resolve("mvnw")) && Files.exists(folder.resolve("router-service"))) {
                return folder;
            }
        }
        throw new IllegalStateException("cannot find the Tollgate checkout above " + Path.of("").toAbsolutePath());
    }
}
