package dev.tollgate.payments.webhook;

import java.util.Map;
import java.util.Optional;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;

/** Reads the facts Tollgate cares about out of a (verified) Stripe event; every other type is empty. */
public final class StripeEvents {

    public static final String SESSION_COMPLETED = "checkout.session.completed";
    public static final String ASYNC_SUCCEEDED = "checkout.session.async_payment_succeeded";
    public static final String ASYNC_FAILED = "checkout.session.async_payment_failed";
    public static final String CHARGE_REFUNDED = "charge.refunded";
    public static final String DISPUTE_CREATED = "charge.dispute.created";
    public static final String DISPUTE_CLOSED = "charge.dispute.closed";

    private StripeEvents() {
    }

    public static Optional<StripeFact> factOf(Event event) {
        return switch (event.getType()) {
            case SESSION_COMPLETED -> {
                Session session = (Session) dataObject(event);
                yield Optional.of(new StripeFact.SessionCompleted(paymentId(session), session.getPaymentIntent(),
                        "paid".equals(session.getPaymentStatus())));
            }
            case ASYNC_SUCCEEDED -> {
                Session session = (Session) dataObject(event);
                yield Optional.of(new StripeFact.AsyncPaymentSucceeded(paymentId(session), session.getPaymentIntent()));
            }
            case ASYNC_FAILED -> {
                Session session = (Session) dataObject(event);
                yield Optional.of(new StripeFact.AsyncPaymentFailed(paymentId(session), session.getPaymentIntent()));
            }
            case CHARGE_REFUNDED -> {
                Charge charge = (Charge) dataObject(event);
                yield Optional.of(new StripeFact.ChargeRefunded(charge.getPaymentIntent(), charge.getId(),
                        charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded()));
            }
            case DISPUTE_CREATED -> {
                Dispute dispute = (Dispute) dataObject(event);
                yield Optional.of(new StripeFact.DisputeOpened(dispute.getPaymentIntent(), dispute.getCharge(), dispute.getId(),
                        dispute.getAmount() == null ? 0 : dispute.getAmount()));
            }
            case DISPUTE_CLOSED -> {
                Dispute dispute = (Dispute) dataObject(event);
                yield Optional.of(new StripeFact.DisputeClosed(dispute.getPaymentIntent(), dispute.getCharge(), dispute.getId(),
                        dispute.getAmount() == null ? 0 : dispute.getAmount(), "won".equals(dispute.getStatus())));
            }
            default -> Optional.empty();
        };
    }

    /** Our payment id, set as Checkout metadata when the session was created. */
    private static String paymentId(Session session) {
        Map<String, String> metadata = session.getMetadata();
        String paymentId = metadata == null ? null : metadata.get("payment_id");
        return paymentId != null ? paymentId : session.getClientReferenceId();
    }

    /**
     * The typed object deserialises only when the event's API version is the client's; otherwise
     * the fields we read (ids, amounts, status) are stable enough to read anyway.
     */
    private static StripeObject dataObject(Event event) {
        EventDataObjectDeserializer deserializer = event.getDataObjectDeserializer();
        return deserializer.getObject().orElseGet(() -> {
            try {
                return deserializer.deserializeUnsafe();
            } catch (EventDataObjectDeserializationException e) {
                throw new IllegalArgumentException("unreadable data object in Stripe event " + event.getId(), e);
            }
        });
    }
}
