package dev.tollgate.router.routing;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.tollgate.contracts.CatalogueEntry;

/**
 * Fills the {@link CatalogueView} from metering's compacted catalogue topic (key: model id, value: the
 * {@link CatalogueEntry} as JSON, no envelope; a null value is a tombstone). Every instance reads the
 * whole topic from the beginning at start (own consumer group, earliest offset, no commits), since the
 * view lives in memory only; compaction keeps that read to about one record per model.
 */
@ApplicationScoped
public class CatalogueConsumer {

    /** The incoming channel; application.properties maps it to {@code Topics.PRICE_CATALOGUE}. */
    public static final String CHANNEL = "price-catalogue";

    private static final Logger LOG = Logger.getLogger(CatalogueConsumer.class);
    // fields added to the entry later must not make this router blind to the catalogue
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final CatalogueView catalogue;

    public CatalogueConsumer(CatalogueView catalogue) {
        this.catalogue = catalogue;
    }

    @Incoming(CHANNEL)
    public void onCatalogueRecord(ConsumerRecord<String, String> record) {
        apply(catalogue, record.key(), record.value());
    }

    /** Applies one record of the topic to {@code catalogue}; unreadable records are logged and skipped. */
    static void apply(CatalogueView catalogue, String key, String json) {
        if (json == null) {
            catalogue.remove(key);
            return;
        }
        CatalogueEntry entry;
        try {
            entry = JSON.readValue(json, CatalogueEntry.class);
        } catch (JsonProcessingException e) {
            // the view is only a copy of metering's catalogue: a bad record must not stop routing
            LOG.warnf("skipping an unreadable catalogue record for key %s: %s", key, e.getOriginalMessage());
            return;
        }
        if (entry.model() == null || !entry.model().equals(key)) {
            LOG.warnf("skipping a catalogue record whose key %s is not its model %s", key, entry.model());
            return;
        }
        catalogue.put(entry);
    }
}
