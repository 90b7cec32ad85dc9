package dev.tollgate.metering.importer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.tollgate.metering.application.PriceListImport;
import dev.tollgate.metering.application.PriceListImport.ImportReport;

/**
 * Imports the configured provider price list (a file path or an http(s) URL) on a cron schedule, daily by
 * default, so upstream price changes land within one business day; also on demand through the admin API.
 */
@ApplicationScoped
public class ScheduledPriceListImport {

    private static final Logger LOG = Logger.getLogger(ScheduledPriceListImport.class);

    private final PriceListImport priceListImport;
    private final Optional<String> source;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ScheduledPriceListImport(PriceListImport priceListImport,
                                    @ConfigProperty(name = "tollgate.catalogue.import.source") Optional<String> source) {
        this.priceListImport = priceListImport;
        this.source = source.filter(value -> !value.isBlank());
    }

    @Scheduled(cron = "${tollgate.catalogue.import.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onSchedule() {
        if (source.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return runNow()
                .onFailure().invoke(failure -> LOG.warnf("scheduled price-list import failed: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Imports the configured source now; fails if none is configured or it cannot be read. */
    public Uni<ImportReport> runNow() {
        String location = source.orElseThrow(() -> new IllegalStateException("tollgate.catalogue.import.source is not set"));
        return Uni.createFrom().item(() -> read(location))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(json -> priceListImport.importPriceList(json, sourceName(location), Instant.now()));
    }

    private String read(String location) {
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(location))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("price list source answered HTTP " + response.statusCode());
                }
                return response.body();
            }
            return Files.readString(Path.of(location));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the price list", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the price list: " + e.getMessage(), e);
        }
    }

    /** A short name for the versions' {@code source} column: the file name or the URL's host and path, never a query string. */
    static String sourceName(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            URI uri = URI.create(location);
            return uri.getHost() + uri.getPath();
        }
        return Path.of(location).getFileName().toString();
    }
}
