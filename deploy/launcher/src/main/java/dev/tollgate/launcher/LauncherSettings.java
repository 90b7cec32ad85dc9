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
 * @param routerInstances how many gateway (router-service) processes to start: the first on {@code gatewayPort},
 *                        the others on free ports, each with a usage journal of its own
 * @param routerProperties extra configuration for every gateway instance (tests and benchmarks: e.g. rate limits)
 * @param serviceProperties extra configuration for every service (e.g. exporting traces to a collector)
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
        long demoCreditsMicros,
        int routerInstances,
        Map<String, String> routerProperties,
        Map<String, String> serviceProperties) {

    public LauncherSettings {
        routerProperties = Map.copyOf(routerProperties);
        serviceProperties = Map.copyOf(serviceProperties);
    }

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
                DEMO_ACCOUNT_ID, DEMO_CREDITS_MICROS, 1, Map.of(), tracingFrom(environment));
    }

    /**
     * {@code TOLLGATE_OTLP_ENDPOINT} (e.g. {@code http://localhost:4317}, a local Jaeger or OpenTelemetry Collector):
     * every service exports its traces there, over OTLP/gRPC unless {@code TOLLGATE_OTLP_PROTOCOL} says
     * {@code http/protobuf} (then typically port 4318). Unset: tracing stays off, as packaged.
     */
    static Map<String, String> tracingFrom(Map<String, String> environment) {
        String endpoint = environment.get("TOLLGATE_OTLP_ENDPOINT");
        String protocol = environment.getOrDefault("TOLLGATE_OTLP_PROTOCOL", "grpc");
        return endpoint == null || endpoint.isBlank() ? Map.of() : tracingTo(endpoint.trim(), protocol.trim());
    }

    /** The configuration that makes a service export its traces to {@code endpoint} ({@code grpc} or {@code http/protobuf}). */
    public static Map<String, String> tracingTo(String endpoint, String protocol) {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", endpoint,
                "quarkus.otel.exporter.otlp.traces.protocol", protocol);
    }

    /** Free ports, a throw-away state folder: for tests that start everything. */
    public static LauncherSettings forTests(Path stateDir) {
        return new LauncherSettings(findRepositoryRoot(), stateDir, false, 0, 0, 0, 0, 0, 0, 0,
                DEMO_ACCOUNT_ID, DEMO_CREDITS_MICROS, 1, Map.of(), Map.of());
    }

    /** The same settings with {@code count} gateway instances (tests of several routers sharing accounts). */
    public LauncherSettings withRouterInstances(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one router instance, not " + count);
        }
        return new LauncherSettings(repositoryRoot, stateDir, keepData, gatewayPort, meteringPort, ledgerPort, paymentsPort,
                simulatorPort, kafkaPort, postgresPort, demoAccountId, demoCreditsMicros, count, routerProperties, serviceProperties);
    }

    /** The same settings with the demo account opened with {@code micros} instead of the default credits. */
    public LauncherSettings withDemoCreditsMicros(long micros) {
        return new LauncherSettings(repositoryRoot, stateDir, keepData, gatewayPort, meteringPort, ledgerPort, paymentsPort,
                simulatorPort, kafkaPort, postgresPort, demoAccountId, micros, routerInstances, routerProperties, serviceProperties);
    }

    /** The same settings with {@code properties} added to every gateway instance's configuration. */
    public LauncherSettings withRouterProperties(Map<String, String> properties) {
        return new LauncherSettings(repositoryRoot, stateDir, keepData, gatewayPort, meteringPort, ledgerPort, paymentsPort,
                simulatorPort, kafkaPort, postgresPort, demoAccountId, demoCreditsMicros, routerInstances, properties, serviceProperties);
    }

    /** The same settings with {@code properties} added to every service's configuration. */
    public LauncherSettings withServiceProperties(Map<String, String> properties) {
        return new LauncherSettings(repositoryRoot, stateDir, keepData, gatewayPort, meteringPort, ledgerPort, paymentsPort,
                simulatorPort, kafkaPort, postgresPort, demoAccountId, demoCreditsMicros, routerInstances, routerProperties, properties);
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
