package dev.tollgate.ledger.projection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.LedgerBalance;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.Topics;
import dev.tollgate.ledger.messaging.Channels;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Follows the ledger's published log ({@link Topics#LEDGER_EVENTS}) and keeps the compacted
 * {@link Topics#LEDGER_BALANCES} topic: one record per entry, keyed by account, whose value is the
 * balance after that entry. Compaction keeps the newest per account, so the router starts by reading
 * one record per account.
 *
 * <p>Idempotent and ordered without state of its own: every entry carries its sequence and the
 * balance after it, per-account order is the partition order, and a redelivered entry republishes
 * the same value (consumers ignore a sequence lower than the one they hold). An incoming record is
 * acknowledged only once its balance record is written.
 *
 * <p>Available = balance minus what the account's holds still reserve ({@code account_hold}), read
 * when the entry is projected. Every change of a reservation is itself a log entry (hold placed,
 * captured, released, expired, or the request's charge), so the newest record of an account always
 * follows its newest reservation change; an older record may count holds placed after its entry.
 *
 * <p>Closed: from the account's {@code AccountClosed} entry on, every record says {@code closed}, and its
 * available balance is at most zero (a closed account can spend nothing, even a payment recorded after closing).
 */
@ApplicationScoped
public class LedgerBalancesProjector {

    private static final Logger LOG = Logger.getLogger(LedgerBalancesProjector.class);

    private final ObjectMapper json;
    private final Mutiny.SessionFactory sessions;

    public LedgerBalancesProjector(ObjectMapper json, Mutiny.SessionFactory sessions) {
        this.json = json;
        this.sessions = sessions;
    }

    @Incoming(Channels.LEDGER_EVENTS)
    @Outgoing(Channels.LEDGER_BALANCES)
    public Uni<Record<String, String>> balanceAfter(String publishedJson) {
        EventEnvelope<LedgerEvent> published = EventCodec.decode(publishedJson, LedgerEvent.class);
        LedgerEvent entry = published.payload();
        return reservationsAndClosing(published.accountId()).map(account -> {
            Money available = entry.balanceAfter().minus(Money.ofMicros(account.reservedMicros(), entry.balanceAfter().currency()));
            boolean closed = entry instanceof AccountClosed
                    || (account.closedSequence() != null && entry.sequence() >= account.closedSequence());
            if (closed && available.amountMicros() > 0) {
                available = Money.zero(available.currency()); // a closed account can spend nothing, whatever it holds
            }
            LedgerBalance balance = new LedgerBalance(published.accountId(), entry.balanceAfter(), available, entry.sequence(), closed);
            try {
                return Record.of(published.accountId(), json.writeValueAsString(balance));
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
        });
    }

    /** What the account's holds reserve now, and the sequence of its closing entry (null while open). */
    private record AccountNow(long reservedMicros, Long closedSequence) {
    }

    private Uni<AccountNow> reservationsAndClosing(String accountId) {
        return sessions.withSession(session -> session.createNativeQuery("""
                        select coalesce((select sum(reserved_micros) from account_hold where account_id = :account and reserved_micros > 0), 0)::bigint,
                               (select closed_sequence from account_balance where account_id = :account)""", Object[].class)
                .setParameter("account", accountId)
                .getSingleResult()
                .map(row -> new AccountNow(((Number) row[0]).longValue(), row[1] == null ? null : ((Number) row[1]).longValue())));
    }

    /**
     * Makes sure the balances topic is compacted: created so, or switched to compaction if something
     * (e.g. broker auto-creation) created it first.
     */
    void ensureCompactedTopic(@Observes StartupEvent started,
                              // every kafka.* setting: bootstrap servers, and in Kubernetes TLS and SCRAM credentials
                              @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) throws InterruptedException {
        Map<String, Object> adminConfig = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                adminConfig.put(key, value);
            }
        });
        try (Admin admin = Admin.create(adminConfig)) {
            NewTopic topic = new NewTopic(Topics.LEDGER_BALANCES, Optional.empty(), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(topic)).all().get();
                LOG.infof("created compacted topic %s", Topics.LEDGER_BALANCES);
            } catch (ExecutionException failure) {
                if (!(failure.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create " + Topics.LEDGER_BALANCES, failure.getCause());
                }
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.LEDGER_BALANCES);
                AlterConfigOp compact = new AlterConfigOp(new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT), AlterConfigOp.OpType.SET);
                admin.incrementalAlterConfigs(Map.of(resource, List.of(compact))).all().get();
            }
        } catch (ExecutionException failure) {
            throw new IllegalStateException("could not make " + Topics.LEDGER_BALANCES + " compacted", failure.getCause());
        }
    }
}
