package dev.tollgate.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tollgate.simulator.UpstreamSimulator;
import dev.tollgate.testing.FreePorts;
import dev.tollgate.testing.LocalServers;

/**
 * The embedded default: a real Kafka broker and PostgreSQL, the upstream simulator, and the four
 * services as child processes, all on localhost. {@code ./tollgate up} and the end-to-end test both use it.
 */
public final class LocalTollgate implements AutoCloseable {

    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofMinutes(3);
    private static final String ROUTER = "router-service";

    private final LauncherSettings settings;
    private final LocalServers servers;
    private final UpstreamSimulator simulator;
    private final List<ServiceProcess> services;
    private final String apiKey;
    private final LocalSecrets secrets;
    private final Duration startupTime;

    private LocalTollgate(LauncherSettings settings, LocalServers servers, UpstreamSimulator simulator,
                          List<ServiceProcess> services, String apiKey, LocalSecrets secrets, Duration startupTime) {
        this.settings = settings;
        this.servers = servers;
        this.simulator = simulator;
        this.services = services;
        this.apiKey = apiKey;
        this.secrets = secrets;
        this.startupTime = startupTime;
    }

    public static LocalTollgate start(LauncherSettings settings) {
        long started = System.nanoTime();
        LocalServers servers = settings.keepData()
                ? LocalServers.startPersistent(settings.stateDir().resolve("data"), settings.kafkaPort(), settings.postgresPort())
                : LocalServers.startTemporary();
        UpstreamSimulator simulator = null;
        List<ServiceProcess> services = new ArrayList<>();
        try {
            simulator = UpstreamSimulator.start(settings.simulatorPort());
            String apiKey = newApiKey();
            LocalSecrets secrets = LocalSecrets.generate();
            Map<String, String> common = with(settings.serviceProperties(),
                    "kafka.bootstrap.servers", servers.kafka().bootstrapServers(),
                    "tollgate.postgres.host", servers.postgres().host(),
                    "tollgate.postgres.port", Integer.toString(servers.postgres().port()));
            Path logs = settings.stateDir().resolve("logs");
            Path root = settings.repositoryRoot();

            ServiceProcess ledger = ServiceProcess.start(root, "ledger-service", port(settings.ledgerPort()), with(common,
                    "tollgate.demo.account-id", settings.demoAccountId(),
                    "tollgate.demo.initial-credits-micros", Long.toString(settings.demoCreditsMicros()),
                    "tollgate.ledger.publisher.offsets-file", settings.stateDir().resolve("data/ledger-debezium-offsets.dat").toString(),
                    "tollgate.ledger.auth.tokens.local-operator.sha256", secrets.operatorTokenSha256(),
                    "tollgate.ledger.auth.tokens.local-operator.roles", "finance"),
                    Map.of(), logs, "384m");
            services.add(ledger);
            services.add(ServiceProcess.start(root, "metering-service", port(settings.meteringPort()), with(common,
                    "tollgate.metering.auth.tokens.local-operator.sha256", secrets.operatorTokenSha256(),
                    "tollgate.metering.auth.tokens.local-operator.roles", "operator,finance"),
                    Map.of(), logs, "256m"));
            // no Stripe here: top-ups answer 502 until TOLLGATE_STRIPE_SECRET_KEY and an API base are given; webhooks,
            // refunds' holds, invoices and reconciliation work; invoice e-mails are logged (mock mailer), not sent
            services.add(ServiceProcess.start(root, "payments-service", port(settings.paymentsPort()), with(common,
                    "tollgate.payments.ledger.url", ledger.url(),
                    "tollgate.payments.publisher.offsets-file", settings.stateDir().resolve("data/payments-debezium-offsets.dat").toString(),
                    "tollgate.payments.auth.tokens.local-operator.sha256", secrets.operatorTokenSha256(),
                    "tollgate.payments.auth.tokens.local-operator.roles", "operator,finance",
                    "quarkus.mailer.mock", "true"),
                    Map.of("TOLLGATE_STRIPE_WEBHOOK_SECRET", secrets.stripeWebhookSecret()), logs, "320m"));
            for (int instance = 1; instance <= settings.routerInstances(); instance++) {
                services.add(startRouter(settings, instance, common, simulator, ledger.url(), apiKey, secrets));
            }
            for (ServiceProcess service : services) {
                service.awaitReady(SERVICE_READY_TIMEOUT);
            }
            return new LocalTollgate(settings, servers, simulator, services, apiKey, secrets, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            stopAll(services, simulator, servers);
            throw e;
        }
    }

    public String gatewayUrl() {
        return service(ROUTER).url() + "/v1";
    }

    /** The OpenAI base URL of every gateway instance, the first one ({@link #gatewayUrl()}) first. */
    public List<String> gatewayUrls() {
        return services.stream().filter(service -> service.module().equals(ROUTER)).map(service -> service.url() + "/v1").toList();
    }

    public String apiKey() {
        return apiKey;
    }

    public String meteringUrl() {
        return service("metering-service").url();
    }

    public String ledgerUrl() {
        return service("ledger-service").url();
    }

    public String paymentsUrl() {
        return service("payments-service").url();
    }

    public String simulatorUrl() {
        return simulator.baseUrl();
    }

    public UpstreamSimulator simulator() {
        return simulator;
    }

    public String kafkaBootstrapServers() {
        return servers.kafka().bootstrapServers();
    }

    /** The ledger's database, as a URL psql accepts (local trust authentication). */
    public String postgresUrl() {
        return servers.postgres().uri("ledger", "ledger", "ledger");
    }

    /** The local operator's bearer token: router control plane (operator), ledger (finance), metering and payments (operator, finance). */
    public String operatorToken() {
        return secrets.operatorToken();
    }

    public String stripeWebhookSecret() {
        return secrets.stripeWebhookSecret();
    }

    public String demoAccountId() {
        return settings.demoAccountId();
    }

    public Duration startupTime() {
        return startupTime;
    }

    public LocalServers servers() {
        return servers;
    }

    /** The variables written to {@code .tollgate/local.env}. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TOLLGATE_GATEWAY_URL", gatewayUrl());
        environment.put("TOLLGATE_API_KEY", apiKey);
        environment.put("TOLLGATE_METERING_URL", meteringUrl());
        environment.put("TOLLGATE_LEDGER_URL", ledgerUrl());
        environment.put("TOLLGATE_PAYMENTS_URL", paymentsUrl());
        environment.put("TOLLGATE_SIMULATOR_URL", simulatorUrl());
        environment.put("TOLLGATE_KAFKA_BOOTSTRAP", kafkaBootstrapServers());
        environment.put("TOLLGATE_PG_URL", postgresUrl());
        environment.put("TOLLGATE_OPERATOR_TOKEN", secrets.operatorToken());
        environment.put("TOLLGATE_STRIPE_WEBHOOK_URL", paymentsUrl() + "/webhooks/stripe");
        environment.put("TOLLGATE_STRIPE_WEBHOOK_SECRET", secrets.stripeWebhookSecret());
        return environment;
    }

    /** Writes the environment as shell assignments, readable only by the owner (it holds the API key). */
    public void writeEnvironmentFile(Path file) {
        String content = environment().entrySet().stream()
                .map(entry -> entry.getKey() + "='" + entry.getValue() + "'")
                .collect(Collectors.joining("\n", "# written by ./tollgate up; source it: . " + file.getFileName() + "\n", "\n"));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Process ids of the service processes, so {@code ./tollgate down} can finish what a killed launcher left. */
    public List<Long> servicePids() {
        return services.stream().map(ServiceProcess::pid).toList();
    }

    @Override
    public void close() {
        stopAll(services, simulator, servers);
    }

    private ServiceProcess service(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst().orElseThrow();
    }

    /** Services first (the ledger's Debezium engine must let go of PostgreSQL), then the simulator and servers. */
    private static void stopAll(List<ServiceProcess> services, UpstreamSimulator simulator, LocalServers servers) {
        services.parallelStream().forEach(ServiceProcess::close);
        if (simulator != null) {
            simulator.close();
        }
        servers.close();
    }

    /**
     * Gateway instance {@code instance} (1-based): the first on the configured gateway port with the
     * journal folder {@code data/router-journal}, the others on free ports with their own journal folders.
     * The demo key goes through the environment: system properties show in process listings.
     */
    private static ServiceProcess startRouter(LauncherSettings settings, int instance, Map<String, String> common,
                                              UpstreamSimulator simulator, String ledgerUrl, String apiKey, LocalSecrets secrets) {
        String name = instance == 1 ? ROUTER : ROUTER + "-" + instance;
        int port = instance == 1 ? port(settings.gatewayPort()) : FreePorts.pick();
        Path journal = settings.stateDir().resolve(instance == 1 ? "data/router-journal" : "data/router-journal-" + instance);
        Map<String, String> properties = with(common,
                "tollgate.router.upstream.base-url", simulator.baseUrl(),
                "tollgate.router.ledger.url", ledgerUrl,
                "tollgate.router.journal.dir", journal.toString(),
                "tollgate.router.operator-token-sha256", secrets.operatorTokenSha256(),
                "tollgate.demo.account-id", settings.demoAccountId());
        properties.putAll(settings.routerProperties());
        return ServiceProcess.start(settings.repositoryRoot(), ROUTER, name, port, properties,
                Map.of("TOLLGATE_DEMO_API_KEY", apiKey), settings.stateDir().resolve("logs"), "256m");
    }

    private static int port(int configured) {
        return FreePorts.orFree(configured);
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> properties = new LinkedHashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    /** A fresh demo key: recognisable prefix, 192 random bits. */
    private static String newApiKey() {
        return LocalSecrets.random("tg_");
    }
}
