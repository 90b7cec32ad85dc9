package dev.tollgate.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code ./tollgate up}: starts the embedded default in the foreground, prints how to reach it,
 * writes {@code .tollgate/local.env}, and stops everything on Ctrl-C or {@code ./tollgate down} (SIGTERM).
 */
public final class Tollgate {

    private Tollgate() {
    }

    public static void main(String[] args) throws Exception {
        LauncherSettings settings = LauncherSettings.fromEnvironment(System.getenv());
        Path stateDir = settings.stateDir();
        Files.createDirectories(stateDir);
        System.out.println("Starting Tollgate (Kafka, PostgreSQL, simulator, 4 services); logs in " + stateDir.resolve("logs"));

        LocalTollgate tollgate = LocalTollgate.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Tollgate ...");
            tollgate.close();
            deleteQuietly(stateDir.resolve("service.pids"));
            deleteQuietly(stateDir.resolve("local.env"));
            deleteQuietly(stateDir.resolve("launcher.pid"));
            System.out.println("Tollgate stopped.");
            stopped.countDown();
        }, "tollgate-stop"));

        Files.writeString(stateDir.resolve("service.pids"),
                tollgate.servicePids().stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
        Path envFile = stateDir.resolve("local.env");
        tollgate.writeEnvironmentFile(envFile);

        System.out.printf("""

                Tollgate is running (started in %d s).

                  Gateway (OpenAI base URL)  %s
                  API key                    %s
                                             (demo account %s, %d credits at first start)
                  Metering                   %s
                  Ledger                     %s
                  Payments                   %s
                  Upstream simulator         %s
                  Kafka bootstrap            %s
                  PostgreSQL (ledger)        %s

                The same, as shell variables: . %s
                (also the operator token for /control/v1 and the finance APIs, and the Stripe webhook URL and
                signing secret for signed test events: TOLLGATE_OPERATOR_TOKEN, TOLLGATE_STRIPE_WEBHOOK_*)
                Try it:
                  curl -s $TOLLGATE_GATEWAY_URL/chat/completions -H "Authorization: Bearer $TOLLGATE_API_KEY" \\
                    -H 'Content-Type: application/json' -D - \\
                    -d '{"model":"sim-budget","messages":[{"role":"user","content":"Hello Tollgate"}]}'

                Stop with Ctrl-C, or ./tollgate down from another terminal.
                """,
                tollgate.startupTime().toSeconds(), tollgate.gatewayUrl(), tollgate.apiKey(), tollgate.demoAccountId(),
                LauncherSettings.DEMO_CREDITS_MICROS / 10_000, tollgate.meteringUrl(), tollgate.ledgerUrl(), tollgate.paymentsUrl(),
                tollgate.simulatorUrl(), tollgate.kafkaBootstrapServers(), tollgate.postgresUrl(), envFile);
        stopped.await();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: down still works from the pid files
        }
    }
}
