package dev.tollgate.ledger.api;

import java.time.Duration;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tollgate.contracts.HoldKind;
import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.application.Holds;
import dev.tollgate.ledger.domain.PlaceHold;
import io.smallrye.mutiny.Uni;

/**
 * Internal API for the router: authorise (place a hold), then capture with the actual cost or release.
 * Not for customers. The router places a grant per (instance, account) and spends it in memory, so it
 * calls here once per grant, not per request; per-request holds serve refunds (and any caller that wants
 * one hold per request). A synchronous call is the exception in Tollgate; it is here because the check
 * must be exact (see the README for the design and its latency).
 */
@Path("/internal/holds")
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    private final Holds holds;
    private final String currency;
    private final Duration defaultLifetime;
    private final Duration maximumLifetime;

    public HoldResource(Holds holds,
                        @ConfigProperty(name = "tollgate.ledger.currency") String currency,
                        @ConfigProperty(name = "tollgate.ledger.holds.default-lifetime", defaultValue = "30s") Duration defaultLifetime,
                        @ConfigProperty(name = "tollgate.ledger.holds.maximum-lifetime", defaultValue = "15m") Duration maximumLifetime) {
        this.holds = holds;
        this.currency = currency;
        this.defaultLifetime = defaultLifetime;
        this.maximumLifetime = maximumLifetime;
    }

    /**
     * Place a hold. {@code expiresInSeconds} is optional (default 30 s). {@code kind} is optional: {@code request}
     * (the default: a hold for one request, {@code requestId} required) or {@code grant} (credits leased to a router
     * instance for one account; {@code requestId} optional, the grant's id by default).
     */
    public record PlaceHoldRequest(String accountId, String holdId, Long amountMicros, String currency,
                                   Long expiresInSeconds, String requestId, String kind) {
    }

    public record CaptureRequest(Long amountMicros) {
    }

    /**
     * A hold and what its account can still spend.
     *
     * @param reservedMicros  what the hold keeps from the available balance now
     * @param availableMicros the account's balance minus everything its holds reserve
     * @param kind            {@code request} or {@code grant}
     * @param chargedMicros   what the charges naming this hold debited so far (a grant is drawn down by each)
     * @param lastSequence    the sequence of the account's last log entry the balance figures include, so a
     *                        reader can order them with the balances topic's records
     */
    public record HoldView(String holdId, String accountId, String requestId, String status, long heldMicros,
                           long reservedMicros, Long capturedMicros, String currency, Instant expiresAt,
                           long balanceMicros, long availableMicros, String kind, long chargedMicros, long lastSequence) {

        static HoldView of(Holds.HoldResult result) {
            var hold = result.hold();
            return new HoldView(hold.holdId(), hold.accountId(), hold.requestId(), hold.status().columnValue(),
                    hold.held().amountMicros(), hold.reserved().amountMicros(),
                    hold.captured() == null ? null : hold.captured().amountMicros(), hold.held().currency(), hold.expiresAt(),
                    result.balance().amountMicros(), result.available().amountMicros(),
                    hold.isGrant() ? "grant" : "request", hold.chargedTotal().amountMicros(), result.lastSequence());
        }
    }

    /** 201 with the hold when placed, 200 when it existed with the same terms; 402 when the account cannot cover it. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> place(PlaceHoldRequest request) {
        PlaceHold command = validated(request);
        return holds.place(command).map(result -> Response.status(result.changed() ? Response.Status.CREATED : Response.Status.OK)
                .entity(HoldView.of(result)).build());
    }

    /**
     * Captures with the actual cost (capped at the hold); the rest is released. A grant is captured with the
     * total its router used on it: what of that is not charged yet stays reserved, the rest goes back.
     */
    @POST
    @Path("/{holdId}/capture")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<HoldView> capture(@PathParam("holdId") String holdId, CaptureRequest request) {
        if (request == null || request.amountMicros() == null || request.amountMicros() < 0) {
            throw new Problem.BadRequest("amountMicros is required and must be zero or more");
        }
        return holds.capture(holdId, request.amountMicros()).map(HoldView::of);
    }

    @POST
    @Path("/{holdId}/release")
    public Uni<HoldView> release(@PathParam("holdId") String holdId) {
        return holds.release(holdId).map(HoldView::of);
    }

    @GET
    @Path("/{holdId}")
    public Uni<HoldView> get(@PathParam("holdId") String holdId) {
        return holds.find(holdId).onItem().ifNull().failWith(() -> new Problem.NotFound("no hold " + holdId)).map(HoldView::of);
    }

    private PlaceHold validated(PlaceHoldRequest request) {
        if (request == null) {
            throw new Problem.BadRequest("a JSON body is required");
        }
        requireText(request.accountId(), "accountId");
        requireText(request.holdId(), "holdId");
        HoldKind kind = kindOf(request.kind());
        String requestId = kind == HoldKind.GRANT && request.requestId() == null ? request.holdId() : request.requestId();
        requireText(requestId, "requestId");
        if (request.amountMicros() == null || request.amountMicros() <= 0) {
            throw new Problem.BadRequest("amountMicros is required and must be positive");
        }
        if (request.currency() != null && !request.currency().equals(currency)) {
            throw new Problem.BadRequest("this ledger keeps " + currency + ", not " + request.currency());
        }
        Duration lifetime = request.expiresInSeconds() == null ? defaultLifetime : Duration.ofSeconds(request.expiresInSeconds());
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(maximumLifetime) > 0) {
            throw new Problem.BadRequest("expiresInSeconds must be between 1 and " + maximumLifetime.toSeconds());
        }
        return new PlaceHold(request.accountId(), request.holdId(), requestId,
                Money.ofMicros(request.amountMicros(), currency), Instant.now().plus(lifetime), kind);
    }

    private static HoldKind kindOf(String kind) {
        if (kind == null || kind.equals("request")) {
            return HoldKind.REQUEST;
        }
        if (kind.equals("grant")) {
            return HoldKind.GRANT;
        }
        throw new Problem.BadRequest("kind must be request or grant");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank() || value.length() > 200) {
            throw new Problem.BadRequest(name + " is required (at most 200 characters)");
        }
    }
}
