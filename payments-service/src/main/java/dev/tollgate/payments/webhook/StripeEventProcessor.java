package dev.tollgate.payments.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import com.stripe.model.Event;
import com.stripe.net.Webhook;

import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.payments.outbox.OutboxWriter;
import dev.tollgate.payments.topup.PaymentRow;
import dev.tollgate.payments.topup.PaymentStore;

/**
 * Applies a verified Stripe event exactly once. In one transaction: the event id goes into
 * {@code stripe_event} (a duplicate delivery finds it there and changes nothing), the payment's
 * facts are merged, its status derived, and the events its new state requires go to the outbox.
 *
 * <p>Out of order: an event about a charge whose payment is not known yet (its PaymentIntent id
 * arrives with the session events) is parked, and applied in the transaction that makes its
 * payment known, looked for again after every commit that could unblock it and every minute (a
 * charge event and its session event committing at the same moment do not see each other). Since
 * facts merge commutatively, every delivery order ends in the same state.
 */
@ApplicationScoped
public class StripeEventProcessor {

    private static final Logger LOG = Logger.getLogger(StripeEventProcessor.class);

    public enum Outcome { APPLIED, DUPLICATE, PARKED, IGNORED }

    private final DataSource dataSource;

    public StripeEventProcessor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Outcome process(Event event, String payload) throws SQLException {
        Applied applied;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                applied = processIn(connection, event, payload);
                connection.commit();
                LOG.debugf("Stripe event %s (%s): %s", event.getId(), event.getType(), applied.outcome());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        if (applied.outcome() == Outcome.APPLIED || applied.outcome() == Outcome.PARKED) {
            applyParkedEvents(applied.paymentIntentId());
        }
        return applied.outcome();
    }

    /** What one event did, and the PaymentIntent it is about when known (to look for events parked on it). */
    record Applied(Outcome outcome, String paymentIntentId) {
    }

    /**
     * The event's work on the caller's transaction. A charge event looks its payment up by PaymentIntent;
     * when the session event that makes that PaymentIntent known commits at the same moment, neither
     * transaction sees the other's rows, the charge event is parked and the session's transaction finds no
     * parked event. {@link #process} therefore looks again after its commit: whichever of the two commits
     * last sees both the parked event and the payment's PaymentIntent.
     */
    Applied processIn(Connection connection, Event event, String payload) throws SQLException {
        Optional<StripeFact> fact = StripeEvents.factOf(event);
        String paymentIntentId = fact.map(StripeFact::paymentIntentId).orElse(null);
        if (!record(connection, event, payload, paymentIntentId)) {
            return new Applied(Outcome.DUPLICATE, paymentIntentId);
        }
        if (fact.isEmpty()) {
            return new Applied(Outcome.IGNORED, null);
        }
        Optional<PaymentRow> payment = paymentOf(connection, fact.get());
        if (payment.isEmpty()) {
            if (fact.get().paymentId() == null && paymentIntentId != null) {
                markParked(connection, event.getId());
                return new Applied(Outcome.PARKED, paymentIntentId);
            }
            return new Applied(Outcome.IGNORED, null); // a session that Tollgate did not create
        }
        PaymentRow applied = apply(connection, payment.get(), fact.get(), createdAt(event));
        applyParked(connection, applied);
        return new Applied(Outcome.APPLIED, applied.facts().paymentIntentId());
    }

    /**
     * Applies the events parked on this PaymentIntent whose payment is known now, each once: the payment
     * row is locked first, so concurrent callers wait for each other and the later one finds them applied.
     *
     * @return how many parked events were applied
     */
    public int applyParkedEvents(String paymentIntentId) throws SQLException {
        if (paymentIntentId == null) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<PaymentRow> payment = PaymentStore.lockByPaymentIntent(connection, paymentIntentId);
                int applied = payment.isEmpty() ? 0 : applyParked(connection, payment.get());
                connection.commit();
                if (applied > 0) {
                    LOG.infof("applied %d parked Stripe event(s) of PaymentIntent %s", applied, paymentIntentId);
                }
                return applied;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * The safety net behind the re-scan after each commit (a process that stopped between its commit and
     * the re-scan): every parked event whose payment is known by now is applied.
     *
     * @return how many parked events were applied
     */
    public int applyAllParkedEvents() {
        List<String> paymentIntents = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select distinct e.payment_intent_id from stripe_event e "
                     + "join payment p on p.payment_intent_id = e.payment_intent_id where not e.applied limit 500");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                paymentIntents.add(result.getString(1));
            }
        } catch (SQLException e) {
            LOG.warnf("parked Stripe events not read, next scan will retry: %s", e.getMessage());
            return 0;
        }
        int applied = 0;
        for (String paymentIntentId : paymentIntents) {
            try {
                applied += applyParkedEvents(paymentIntentId);
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("parked Stripe events of PaymentIntent %s not applied, next scan will retry: %s", paymentIntentId,
                        e.getMessage());
            }
        }
        return applied;
    }

    @Scheduled(every = "${tollgate.payments.webhooks.parked-rescan-every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rescanParkedEvents() {
        applyAllParkedEvents();
    }

    private PaymentRow apply(Connection connection, PaymentRow payment, StripeFact fact, Instant factTime) throws SQLException {
        PaymentRow merged = PaymentEffects.withFacts(payment, payment.facts().merge(fact));
        PaymentEffects.Decision decision = PaymentEffects.decide(merged,
                PaymentStore.requestedRefunds(connection, payment.paymentId()), factTime);
        PaymentStore.update(connection, decision.row());
        for (EventEnvelope<? extends EventPayload> envelope : decision.events()) {
            OutboxWriter.write(connection, "payment", envelope);
        }
        return decision.row();
    }

    /** Applies the events parked for this payment's PaymentIntent, now that it is known. */
    private int applyParked(Connection connection, PaymentRow payment) throws SQLException {
        String paymentIntentId = payment.facts().paymentIntentId();
        if (paymentIntentId == null) {
            return 0;
        }
        List<String> parked = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select payload from stripe_event where payment_intent_id = ? and not applied order by received_at for update")) {
            query.setString(1, paymentIntentId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    parked.add(result.getString(1));
                }
            }
        }
        PaymentRow current = payment;
        for (String parkedPayload : parked) {
            Event event = Webhook.constructEventWithoutVerification(parkedPayload); // verified when it was received
            Optional<StripeFact> fact = StripeEvents.factOf(event);
            if (fact.isPresent()) {
                current = apply(connection, current, fact.get(), createdAt(event));
            }
            try (PreparedStatement applied = connection.prepareStatement("update stripe_event set applied = true where event_id = ?")) {
                applied.setString(1, event.getId());
                applied.executeUpdate();
            }
        }
        return parked.size();
    }

    /** Session events name our payment; charge events only its PaymentIntent. */
    private static Optional<PaymentRow> paymentOf(Connection connection, StripeFact fact) throws SQLException {
        return fact.paymentId() != null
                ? PaymentStore.lockById(connection, fact.paymentId())
                : PaymentStore.lockByPaymentIntent(connection, fact.paymentIntentId());
    }

    /** The exactly-once record: false when this event id was received before. */
    private static boolean record(Connection connection, Event event, String payload, String paymentIntentId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into stripe_event (event_id, type, payment_intent_id, "
                + "payload, applied) values (?, ?, ?, ?, true) on conflict (event_id) do nothing")) {
            insert.setString(1, event.getId());
            insert.setString(2, event.getType());
            insert.setString(3, paymentIntentId);
            insert.setString(4, payload);
            return insert.executeUpdate() == 1;
        }
    }

    private static void markParked(Connection connection, String eventId) throws SQLException {
        try (PreparedStatement parked = connection.prepareStatement("update stripe_event set applied = false where event_id = ?")) {
            parked.setString(1, eventId);
            parked.executeUpdate();
        }
    }

    private static Instant createdAt(Event event) {
        return event.getCreated() == null ? Instant.now() : Instant.ofEpochSecond(event.getCreated());
    }
}
