package dev.tollgate.metering.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.smallrye.common.annotation.Identifier;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Topics;
import dev.tollgate.metering.application.PricingConfiguration;
import dev.tollgate.metering.domain.PriceInForce;
import dev.tollgate.metering.persistence.CatalogueStore;
import dev.tollgate.pricing.ExchangeRate;

/**
 * Keeps the compacted catalogue topic equal to the catalogue in force: every interval it reads the
 * catalogue as of now and publishes each model whose entry differs from what it last published (so a
 * version scheduled for later appears when it takes effect). After a restart it publishes every model
 * once; compaction keeps only the latest record per model. The topic is derived state, rebuilt from the
 * database at any time, so publishing it is not a dual write.
 */
@ApplicationScoped
public class CatalogueTopicPublisher {

    private static final Logger LOG = Logger.getLogger(CatalogueTopicPublisher.class);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final CatalogueStore catalogue;
    private final MutinyEmitter<String> entries;
    private final String billingCurrency;
    private final Map<String, Object> kafkaConfig;
    private final Map<String, String> lastPublished = new ConcurrentHashMap<>();
    private volatile boolean topicReady;

    public CatalogueTopicPublisher(CatalogueStore catalogue, @Channel(Channels.PRICE_CATALOGUE_OUT) MutinyEmitter<String> entries,
                                   PricingConfiguration configuration,
                                   // every kafka.* setting: bootstrap servers, and in Kubernetes TLS and SCRAM credentials
                                   @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.catalogue = catalogue;
        this.entries = entries;
        this.billingCurrency = configuration.billingCurrency();
        this.kafkaConfig = kafkaConfig;
    }

    @Scheduled(every = "${tollgate.catalogue.topic-interval:30s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publishChanges() {
        Instant now = Instant.now();
        return ensureCompactedTopic()
                .chain(() -> catalogue.catalogueInForce(now))
                .chain(prices -> publish(prices, now))
                // the first run may come before the producer reached the broker: retry soon rather than in an interval,
                // because routers wait for the catalogue before they serve
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(4)).atMost(4)
                .onFailure().invoke(failure -> LOG.warnf("catalogue topic not updated, will retry: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> publish(List<PriceInForce> prices, Instant now) {
        return Multi.createFrom().iterable(prices)
                .onItem().transformToUniAndConcatenate(price -> entry(price, now).chain(entry -> {
                    String json = encode(entry);
                    if (json.equals(lastPublished.get(entry.model()))) {
                        return Uni.createFrom().voidItem();
                    }
                    return entries.sendMessage(Message.of(json).addMetadata(
                                    OutgoingKafkaRecordMetadata.<String>builder().withKey(entry.model()).build()))
                            .invoke(() -> lastPublished.put(entry.model(), json));
                }))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<CatalogueEntry> entry(PriceInForce inForce, Instant now) {
        String currency = inForce.price().currency();
        Uni<Optional<ExchangeRate>> rate = currency.equals(billingCurrency)
                ? Uni.createFrom().item(Optional.of(ExchangeRate.identity(currency)))
                : catalogue.exchangeRateInForce(currency, billingCurrency, now);
        return rate.map(found -> {
            var price = inForce.toModelPrice();
            var description = inForce.price();
            return new CatalogueEntry(description.model(), description.provider(), description.tier(), description.capabilities(),
                    description.contextWindowTokens(), description.maxOutputTokens(), description.toolCallingQuality(), currency,
                    price.upstreamPromptPerMillion(), price.upstreamCachedPromptPerMillion(), price.upstreamCompletionPerMillion(),
                    price.platformFeePromptPerMillion(), price.platformFeeCompletionPerMillion(), price.version(),
                    description.effectiveFrom(), billingCurrency, found.map(ExchangeRate::rate).orElse(null),
                    found.map(ExchangeRate::version).orElse(null));
        });
    }

    /** The topic must be compacted; created here if missing (deployments may create it beforehand, as a KafkaTopic). */
    private Uni<Void> ensureCompactedTopic() {
        if (topicReady) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            Map<String, Object> adminConfig = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    adminConfig.put(key, value);
                }
            });
            try (Admin admin = Admin.create(adminConfig)) {
                NewTopic topic = new NewTopic(Topics.PRICE_CATALOGUE, Optional.empty(), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + Topics.PRICE_CATALOGUE, e.getCause());
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot create " + Topics.PRICE_CATALOGUE, e);
            }
            topicReady = true;
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid();
    }

    private static String encode(CatalogueEntry entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
