package dev.tollgate.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.tollgate.testing.ServiceJarProcess;

/**
 * One Tollgate service (a packaged Quarkus application) running as a child process, its output
 * going to a log file. Configuration is passed as system properties; secrets through the environment.
 * The process itself is run by {@link ServiceJarProcess}, the same class the services' tests use.
 */
final class ServiceProcess implements AutoCloseable {

    private final String module;
    private final ServiceJarProcess process;

    private ServiceProcess(String module, ServiceJarProcess process) {
        this.module = module;
        this.process = process;
    }

    static ServiceProcess start(Path repositoryRoot, String module, int port, Map<String, String> properties,
                                Map<String, String> environment, Path logDir, String maxHeap) {
        return start(repositoryRoot, module, module, port, properties, environment, logDir, maxHeap);
    }

    /** One instance, named {@code name} (its log file's name), of the service packaged by {@code module}. */
    static ServiceProcess start(Path repositoryRoot, String module, String name, int port, Map<String, String> properties,
                                Map<String, String> environment, Path logDir, String maxHeap) {
        Path jar = repositoryRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        // the full JIT: the launcher runs Tollgate to be used and measured, where C1-only code costs more than it saves
        return new ServiceProcess(module, ServiceJarProcess.start(name, jar, port, properties, environment, maxHeap,
                ServiceJarProcess.JitMode.FULL, logDir.resolve(name + ".log")));
    }

    String name() {
        return process.name();
    }

    String module() {
        return module;
    }

    int port() {
        return process.port();
    }

    long pid() {
        return process.pid();
    }

    String url() {
        return process.url();
    }

    /** Waits until the service reports itself ready (Kafka and PostgreSQL reachable, migrations applied). */
    void awaitReady(Duration timeout) {
        process.awaitReady(timeout);
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down cleanly), then kills it if it does not. */
    @Override
    public void close() {
        process.close();
    }
}
