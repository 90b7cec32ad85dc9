package dev.tollgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) running as a child
 * process of the test JVM, so a service's tests can call another service for real. Configuration goes in
 * as system properties, the output to a log file. Stopped with {@link #close()} (and at JVM exit).
 */
public final class ServiceJarProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceJarProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * The packaged application of {@code module}, found from the working directory of a module's test
     * (its sibling {@code ../<module>}) or of the repository root.
     */
    public static Path packagedJar(String module) {
        for (Path candidate : List.of(Path.of("..", module), Path.of(module))) {
            Path jar = candidate.resolve("target/quarkus-app/quarkus-run.jar");
            if (Files.exists(jar)) {
                return jar.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(module + "/target/quarkus-app/quarkus-run.jar is missing: package " + module
                + " first (a reactor build does it before the modules that depend on it)");
    }

    /**
     * Starts the jar on {@code port} ({@code quarkus.http.port}) with the given properties; the log goes to
     * {@code logFile}. Returns at once: use {@link #awaitReady}.
     */
    public static ServiceJarProcess start(String name, Path jar, int port, Map<String, String> properties, Path logFile) {
        return start(name, jar, port, properties, Map.of(), "384m", JitMode.FAST_STARTUP, logFile);
    }

    /**
     * How the child JVM compiles: tests want a quick start (C1 only: about a third faster to ready on two cores);
     * a system that serves and is measured wants the optimising compiler (steady-state code several times faster).
     */
    public enum JitMode { FAST_STARTUP, FULL }

    /**
     * The same, with environment variables (the way to hand a child process its secrets: system properties show
     * in process listings) and a maximum heap such as {@code "256m"}.
     */
    public static ServiceJarProcess start(String name, Path jar, int port, Map<String, String> properties,
                                          Map<String, String> environment, String maxHeap, JitMode jit, Path logFile) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + maxHeap);
        if (jit == JitMode.FAST_STARTUP) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            ServiceJarProcess started = new ServiceJarProcess(name, port, builder.start(), logFile);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, name + "-stop"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + jar, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails if the process exits or the time is up. */
    public ServiceJarProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notListeningYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the service with SIGKILL ({@code kill -9}): no shutdown hook runs, nothing is flushed or committed.
     * Crash tests use it to prove that what was acknowledged survives and what was not is redone exactly once.
     */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down cleanly), then kills it if it does not. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
