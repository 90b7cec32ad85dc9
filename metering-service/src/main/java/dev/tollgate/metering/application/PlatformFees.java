package dev.tollgate.metering.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.PlatformFeeChangeScheduled;
import dev.tollgate.contracts.Topics;
import dev.tollgate.metering.domain.PlatformFeeSchedule;
import dev.tollgate.metering.domain.PlatformFeeVersion;
import dev.tollgate.metering.persistence.CatalogueStore;
import dev.tollgate.metering.persistence.Outbox;

/**
 * Schedules platform-fee changes. The new fee version and its {@link PlatformFeeChangeScheduled} event
 * are written in one database transaction (the event into the outbox); the outbox relay publishes it.
 * So the fee never changes without customers being told, and they are never told of a change that did
 * not happen: no dual write.
 */
@ApplicationScoped
public class PlatformFees {

    private final CatalogueStore catalogue;
    private final Outbox outbox;

    public PlatformFees(CatalogueStore catalogue, Outbox outbox) {
        this.catalogue = catalogue;
        this.outbox = outbox;
    }

    /**
     * @param effectiveFrom when the fee applies; {@code null} means now (allowed for decreases only)
     * @throws FeeChangeRefusedException when the change breaks the notice rule or the model is unknown
     */
    public Uni<PlatformFeeVersion> schedule(String model, BigDecimal promptPerMillion, BigDecimal completionPerMillion,
                                            Instant effectiveFrom, Instant now) {
        Instant from = effectiveFrom == null ? now : effectiveFrom;
        return catalogue.pool().withTransaction(connection -> connection
                .preparedQuery("select currency from model_price where model = $1 order by effective_from desc limit 1")
                .execute(Tuple.of(model))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(new UnknownModelException(model));
                    }
                    String currency = rows.iterator().next().getString("currency");
                    PlatformFeeVersion proposed = new PlatformFeeVersion(model, currency, promptPerMillion, completionPerMillion,
                            from, model + "-fee@" + from);
                    return catalogue.feeInForce(connection, model, from).chain(current -> {
                        PlatformFeeVersion inForceThen = current.orElse(null);
                        String refusal = PlatformFeeSchedule.refusal(proposed, inForceThen, now).orElse(null);
                        if (refusal != null) {
                            return Uni.createFrom().failure(new FeeChangeRefusedException(refusal));
                        }
                        EventEnvelope<PlatformFeeChangeScheduled> event = announcement(proposed, inForceThen, now);
                        return catalogue.insertFeeVersion(connection, proposed)
                                .chain(() -> outbox.add(connection, event.eventId(), Topics.PLATFORM_FEE_CHANGES,
                                        event.accountId(), EventCodec.encode(event)))
                                .replaceWith(proposed);
                    });
                }));
    }

    private static EventEnvelope<PlatformFeeChangeScheduled> announcement(PlatformFeeVersion fee, PlatformFeeVersion previous,
                                                                          Instant now) {
        PlatformFeeChangeScheduled payload = new PlatformFeeChangeScheduled(fee.model(), fee.currency(),
                fee.promptPerMillion(), fee.completionPerMillion(),
                previous == null ? BigDecimal.ZERO : previous.promptPerMillion(),
                previous == null ? BigDecimal.ZERO : previous.completionPerMillion(),
                fee.isIncreaseOver(previous), fee.effectiveFrom(), fee.version());
        return EventEnvelope.wrap(UUID.randomUUID(), PlatformFeeChangeScheduled.PLATFORM_KEY, now, null, fee.version(), payload);
    }

    /** The notice rule (or another rule of fees) forbids this change. */
    public static class FeeChangeRefusedException extends RuntimeException {
        public FeeChangeRefusedException(String reason) {
            super(reason);
        }
    }

    /** The catalogue has no such model. */
    public static class UnknownModelException extends RuntimeException {
        public UnknownModelException(String model) {
            super("the catalogue has no model '" + model + "'");
        }
    }
}
