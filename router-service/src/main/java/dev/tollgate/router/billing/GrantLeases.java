package dev.tollgate.router.billing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.tollgate.contracts.Money;
import dev.tollgate.router.balance.BalanceView;

import io.smallrye.mutiny.Uni;

/**
 * Pays for requests from leased grants: the router's balance check in memory, off the network.
 *
 * <p>A <b>grant</b> is a hold at the ledger for this router instance and one account ({@code
 * grant_<instance>_<account>_<n>}), placed through {@link GrantLedger}. A request's worst case is reserved from
 * the account's current grant under the account's lock: no network, no database. The request's capture records
 * its actual cost against the grant, a release gives the reservation back. Only when the current grant cannot
 * cover a request does the request wait for the ledger, which places a new grant (one placement at a time per
 * account; requests arriving meanwhile queue behind it and are served from it in order).
 *
 * <p><b>Sizing:</b> a grant is {@code max(needed, min(chunk, share% x last known available))}: large enough for the
 * request, a few seconds of spending for a busy account, and never all of a small account's credits, so another
 * instance gets its share too. Refused with 402, the placement is tried once more with what the refusal says is
 * available (at least what the head request needs); refused again, the requests the available balance cannot cover
 * get 402, with the available balance plus what this instance's own grants still have unused.
 *
 * <p><b>Renewal and rotation:</b> a successor is placed in the background once the current grant runs low or is
 * three quarters of {@code rotateAfter} old, so a busy account does not wait for the ledger. A grant takes no
 * new reservations after {@code rotateAfter} (or once a successor took over); such a retired grant is settled at
 * the ledger as soon as its requests in flight are done, with the total used on it: the ledger keeps reserved what is
 * used and not charged yet (each {@code UsageCharged} naming the grant draws it down), and the unused rest goes back
 * to the account at once. Settlement never holds up an answer. An idle account's grant is retired by
 * {@link #rotateAndSettle()} (called every second), so unused credit does not stay leased.
 *
 * <p><b>No overdraft:</b> the sum of the worst cases reserved on a grant plus the costs recorded on it never exceed
 * the grant, and the ledger grants only what the account's available balance covers. A request whose cost exceeds its
 * worst case (an upstream producing more than {@code max_tokens}) is charged in full anyway, as with per-request holds.
 *
 * <p>{@link LedgerHolds} semantics for {@link RequestPayment}: {@code place} answers with the grant's id as the hold
 * that pays ({@link HoldAnswer#holdId()}) and what was reserved as {@code heldMicros}; the request's own hold id keys
 * its reservation for {@code capture} and {@code release}.
 */
public final class GrantLeases implements LedgerHolds {

    private static final Logger LOG = Logger.getLogger(GrantLeases.class);
    private static final long RENEWAL_BACKOFF_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int PLACEMENT_ATTEMPTS_PER_REQUEST = 3;

    private final GrantLedger ledger;
    private final LedgerHolds ledgerBalances;
    private final BalanceView balances;
    private final GrantSettings settings;
    private final String instanceId;
    private final LongSupplier nanoTime;
    private final Map<String, AccountLease> leases = new ConcurrentHashMap<>();
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();
    private final AtomicLong grantNumbers = new AtomicLong();

    /**
     * @param ledger         places and settles grants
     * @param ledgerBalances answers {@link #balance}
     * @param instanceId     unique to this process (a restarted instance must never reuse a grant id)
     * @param nanoTime       the clock for rotation ({@link System#nanoTime} outside tests)
     */
    public GrantLeases(GrantLedger ledger, LedgerHolds ledgerBalances, BalanceView balances, GrantSettings settings,
                       String instanceId, LongSupplier nanoTime) {
        this.ledger = ledger;
        this.ledgerBalances = ledgerBalances;
        this.balances = balances;
        this.settings = settings;
        this.instanceId = instanceId;
        this.nanoTime = nanoTime;
    }

    public String instanceId() {
        return instanceId;
    }

    // ---- LedgerHolds ----

    @Override
    public Uni<HoldAnswer> place(String accountId, String holdId, String requestId, long amountMicros, String currency) {
        if (amountMicros < 0) {
            throw new IllegalArgumentException("a reservation cannot be negative: " + amountMicros);
        }
        if (reservations.containsKey(holdId)) {
            return Uni.createFrom().failure(new HoldConflictException("request hold " + holdId + " is reserved already"));
        }
        Actions actions = new Actions();
        HoldAnswer reserved = null;
        Waiter waiter = null;
        AccountLease lease = null;
        while (reserved == null && waiter == null) {
            lease = leases.computeIfAbsent(accountId, AccountLease::new);
            synchronized (lease) {
                if (lease.removed) {
                    continue; // swept away between the lookup and the lock: take the account's new lease
                }
                Grant current = lease.current;
                if (current != null && lease.pending == null && !canTake(lease, current, amountMicros, currency)
                        && fits(current, amountMicros, currency)) {
                    // only too old: its successor is placed in the background, and it serves this request meanwhile
                    startRenewal(lease, current, actions);
                }
                if (current != null && canTake(lease, current, amountMicros, currency)) {
                    reserved = reserve(lease, current, holdId, amountMicros);
                    planRenewal(lease, actions);
                } else {
                    waiter = new Waiter(holdId, amountMicros, currency);
                    lease.waiters.add(waiter);
                    planPlacement(lease, actions);
                }
            }
        }
        actions.run();
        if (reserved != null) {
            return Uni.createFrom().item(reserved);
        }
        AccountLease waitingOn = lease;
        Waiter waiting = waiter;
        return Uni.createFrom().completionStage(waiting.answer).onCancellation().invoke(() -> abandon(waitingOn, waiting));
    }

    /**
     * The request stopped waiting for its grant (the client went away): it leaves the queue, or, if it was served
     * meanwhile, its reservation goes back. A reservation nobody settles would keep its grant from being settled.
     */
    private void abandon(AccountLease lease, Waiter waiter) {
        boolean stillQueued;
        synchronized (lease) {
            waiter.abandoned = true;
            stillQueued = lease.waiters.remove(waiter);
        }
        if (!stillQueued && waiter.answer.isDone() && !waiter.answer.isCompletedExceptionally()) {
            releaseQuietly(waiter.holdId);
        }
    }

    private void releaseQuietly(String holdId) {
        release(holdId).subscribe().with(released -> { }, alreadySettled -> { });
    }

    @Override
    public Uni<HoldAnswer> capture(String holdId, long amountMicros) {
        if (amountMicros < 0) {
            throw new IllegalArgumentException("a cost cannot be negative: " + amountMicros);
        }
        return settleReservation(holdId, amountMicros, "captured");
    }

    @Override
    public Uni<HoldAnswer> release(String holdId) {
        return settleReservation(holdId, 0, "released");
    }

    @Override
    public Uni<Optional<Money>> balance(String accountId) {
        return ledgerBalances.balance(accountId);
    }

    /** Ends a request's reservation: its cost ({@code usedMicros}, 0 when released) is recorded on the grant. */
    private Uni<HoldAnswer> settleReservation(String holdId, long usedMicros, String status) {
        Reservation reservation = reservations.remove(holdId);
        if (reservation == null) {
            return Uni.createFrom().failure(new HoldConflictException("no reservation " + holdId + " (settled already?)"));
        }
        Actions actions = new Actions();
        Grant grant = reservation.grant();
        synchronized (reservation.lease()) {
            grant.reservedMicros -= reservation.amountMicros();
            grant.usedMicros += usedMicros;
            grant.inFlight--;
            if (grant.retired && grant.inFlight == 0) {
                planSettlement(reservation.lease(), grant, actions);
            }
        }
        actions.run();
        return Uni.createFrom().item(answer(reservation.lease().accountId, grant, status, usedMicros));
    }

    // ---- rotation ----

    /**
     * Retires every grant older than {@code rotateAfter} (an idle account's included) and settles retired grants
     * whose requests are done; forgets accounts with nothing leased. Run every second.
     */
    public void rotateAndSettle() {
        Actions actions = new Actions();
        long now = nanoTime.getAsLong();
        for (AccountLease lease : leases.values()) {
            synchronized (lease) {
                if (lease.current != null && !isYoungEnough(lease, lease.current, now)) {
                    retire(lease, lease.current, actions);
                }
                for (Grant grant : lease.retired) {
                    if (grant.inFlight == 0) {
                        planSettlement(lease, grant, actions);
                    } else if (now - grant.placedAtNanos >= settleBeforeExpiryNanos() && !grant.settling) {
                        // requests still in flight shortly before the grant expires at the ledger: settle it with their
                        // worst cases counted as used, so what they cost stays reserved after the grant's lifetime
                        LOG.warnf("grant %s: %d requests still in flight near its expiry; settled with their worst cases",
                                grant.grantId, grant.inFlight);
                        grant.settling = true;
                        long usedOrReserved = grant.usedMicros + grant.reservedMicros;
                        actions.add(() -> settle(lease, grant, usedOrReserved).subscribe().with(done -> { }, failure -> { }));
                    }
                }
                if (lease.isEmpty()) {
                    lease.removed = true;
                    leases.remove(lease.accountId, lease);
                }
            }
        }
        actions.run();
    }

    /**
     * Retires every grant and settles those without requests in flight (shutdown): their unused credit goes back now
     * rather than when they expire. Grants with requests still in flight are left to expire.
     *
     * @return the settlements started; the caller may wait for them
     */
    public Uni<Void> retireAll() {
        Actions actions = new Actions();
        List<Uni<Void>> settlements = new ArrayList<>();
        for (AccountLease lease : leases.values()) {
            synchronized (lease) {
                if (lease.current != null) {
                    lease.retired.add(lease.current);
                    lease.current.retired = true;
                    lease.current = null;
                }
                for (Grant grant : lease.retired) {
                    if (grant.inFlight == 0 && !grant.settling) {
                        grant.settling = true;
                        settlements.add(settle(lease, grant, grant.usedMicros));
                    }
                }
            }
        }
        actions.run();
        return settlements.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(settlements).andCollectFailures().replaceWithVoid();
    }

    /** A grant's age at which it is settled even with requests in flight: its lifetime minus a margin for the call. */
    private long settleBeforeExpiryNanos() {
        Duration margin = settings.lifetime().dividedBy(4).compareTo(Duration.ofMinutes(1)) < 0
                ? settings.lifetime().dividedBy(4) : Duration.ofMinutes(1);
        return settings.lifetime().minus(margin).toNanos();
    }

    // ---- what one account's lease looks like now (for tests and diagnostics) ----

    /** The grants of the account this instance still knows (current first), as the lease sees them. */
    public List<GrantView> grantsOf(String accountId) {
        AccountLease lease = leases.get(accountId);
        if (lease == null) {
            return List.of();
        }
        synchronized (lease) {
            List<GrantView> views = new ArrayList<>();
            if (lease.current != null) {
                views.add(lease.current.view());
            }
            lease.retired.forEach(grant -> views.add(grant.view()));
            return views;
        }
    }

    /**
     * One grant as this instance sees it.
     *
     * @param reservedMicros worst cases of the requests in flight on it
     * @param usedMicros     actual costs of the requests done on it
     * @param settling       its settlement at the ledger has started (it is forgotten once the ledger answered)
     */
    public record GrantView(String grantId, long heldMicros, long reservedMicros, long usedMicros, int inFlight, boolean retired,
                            boolean settling) {
    }

    // ---- under the account's lock ----

    private boolean canTake(AccountLease lease, Grant grant, long amountMicros, String currency) {
        return fits(grant, amountMicros, currency) && isYoungEnough(lease, grant, nanoTime.getAsLong());
    }

    private static boolean fits(Grant grant, long amountMicros, String currency) {
        return !grant.retired && grant.currency.equals(currency) && grant.remainingMicros() >= amountMicros;
    }

    /**
     * A grant takes reservations for {@code rotateAfter}; past that only while its successor is on its way or the
     * ledger does not answer (so requests do not wait for, or fail with, the ledger), and never after half its
     * lifetime: its last requests still have the other half to finish before it expires.
     */
    private boolean isYoungEnough(AccountLease lease, Grant grant, long now) {
        long age = now - grant.placedAtNanos;
        if (age < settings.rotateAfter().toNanos()) {
            return true;
        }
        return age < settings.lifetime().toNanos() / 2 && (lease.pending != null || now < lease.ledgerTroubleUntilNanos);
    }

    private HoldAnswer reserve(AccountLease lease, Grant grant, String holdId, long amountMicros) {
        grant.reservedMicros += amountMicros;
        grant.inFlight++;
        reservations.put(holdId, new Reservation(lease, grant, amountMicros));
        return answer(lease.accountId, grant, "open", amountMicros);
    }

    /** A successor in the background when the current grant runs low or gets old, so requests need not wait for it. */
    private void planRenewal(AccountLease lease, Actions actions) {
        Grant current = lease.current;
        long now = nanoTime.getAsLong();
        if (lease.pending != null || !lease.waiters.isEmpty() || now < lease.renewalRefusedUntilNanos) {
            return;
        }
        boolean low = current.remainingMicros() * 100 < current.heldMicros * settings.renewBelowPercent();
        boolean old = now - current.placedAtNanos >= settings.rotateAfter().toNanos() / 4 * 3;
        if (low || old) {
            startRenewal(lease, current, actions);
        }
    }

    /** Places the current grant's successor, nobody waiting for it (unless refused or failed a moment ago). */
    private void startRenewal(AccountLease lease, Grant current, Actions actions) {
        if (lease.pending != null || nanoTime.getAsLong() < lease.renewalRefusedUntilNanos) {
            return;
        }
        long size = settings.grantSize(0, knownAvailable(lease.accountId));
        if (size > 0) {
            startPlacement(lease, new Placement(nextGrantId(lease.accountId), size, 0, current.currency, false), null, actions);
        }
    }

    /** The head of the queue needs a grant: place one unless a placement is on its way already. */
    private void planPlacement(AccountLease lease, Actions actions) {
        if (lease.pending != null || lease.waiters.isEmpty()) {
            return;
        }
        // the current grant (too small or too old for the head) keeps serving what fits until the new one is in
        Waiter head = lease.waiters.peekFirst();
        head.attempts++;
        long size = settings.grantSize(head.amountMicros, knownAvailable(lease.accountId));
        startPlacement(lease, new Placement(nextGrantId(lease.accountId), size, head.amountMicros, head.currency, false),
                null, actions);
    }

    private void startPlacement(AccountLease lease, Placement placement, Grant settleFirst, Actions actions) {
        lease.pending = placement;
        long usedOnSettled = settleFirst == null ? 0 : settleFirst.usedMicros;
        actions.add(() -> {
            Uni<Void> before = settleFirst == null ? Uni.createFrom().voidItem() : settle(lease, settleFirst, usedOnSettled);
            before.chain(() -> ledger.placeGrant(lease.accountId, placement.grantId, placement.sizeMicros, placement.currency))
                    .subscribe().with(placed -> onPlaced(lease, placement, placed), failure -> onRefused(lease, placement, failure));
        });
    }

    private void onPlaced(AccountLease lease, Placement placement, HoldAnswer placed) {
        observe(lease.accountId, placed);
        Actions actions = new Actions();
        List<Runnable> served = new ArrayList<>();
        synchronized (lease) {
            lease.pending = null;
            Grant grant = new Grant(placed.holdId(), placed.heldMicros(), placement.currency, nanoTime.getAsLong());
            if (lease.current != null) {
                retire(lease, lease.current, actions);
            }
            lease.current = grant;
            serveFromCurrent(lease, served);
            planPlacement(lease, actions);
        }
        served.forEach(Runnable::run);
        actions.run();
    }

    private void onRefused(AccountLease lease, Placement placement, Throwable failure) {
        Actions actions = new Actions();
        List<Runnable> finished = new ArrayList<>();
        synchronized (lease) {
            lease.pending = null;
            long now = nanoTime.getAsLong();
            boolean refused = failure instanceof InsufficientCreditsException;
            if (placement.neededMicros == 0 || !refused) {
                // ask again later, not at every request
                lease.renewalRefusedUntilNanos = now + RENEWAL_BACKOFF_NANOS;
            }
            if (!refused) {
                LOG.warnf("grant %s for %s could not be placed: %s", placement.grantId, lease.accountId, failure.getMessage());
                lease.ledgerTroubleUntilNanos = now + RENEWAL_BACKOFF_NANOS;
            }
            // the current grant may serve waiting requests a while longer (see isYoungEnough)
            serveFromCurrent(lease, finished);
            if (refused) {
                planAfterRefusal(lease, placement, (InsufficientCreditsException) failure, finished, actions);
            } else {
                LedgerUnavailableException unavailable = failure instanceof LedgerUnavailableException known ? known
                        : new LedgerUnavailableException("grant " + placement.grantId + " could not be placed: " + failure.getMessage(), failure);
                lease.waiters.forEach(waiter -> finished.add(() -> waiter.answer.completeExceptionally(unavailable)));
                lease.waiters.clear();
            }
            planPlacement(lease, actions);
        }
        finished.forEach(Runnable::run);
        actions.run();
    }

    /** Reserves for every waiting request the current grant can take, in order. */
    private void serveFromCurrent(AccountLease lease, List<Runnable> served) {
        Grant current = lease.current;
        if (current == null) {
            return;
        }
        for (Iterator<Waiter> waiting = lease.waiters.iterator(); waiting.hasNext(); ) {
            Waiter waiter = waiting.next();
            if (canTake(lease, current, waiter.amountMicros, waiter.currency)) {
                waiting.remove();
                HoldAnswer answer = reserve(lease, current, waiter.holdId, waiter.amountMicros);
                served.add(() -> {
                    waiter.answer.complete(answer);
                    if (waiter.abandoned) {
                        releaseQuietly(waiter.holdId);
                    }
                });
            }
        }
    }

    /** The ledger refused a grant (402): try once more for what it says is available, or refuse what it cannot cover. */
    private void planAfterRefusal(AccountLease lease, Placement placement, InsufficientCreditsException refused, List<Runnable> failed,
                                  Actions actions) {
        if (placement.neededMicros == 0 || lease.waiters.isEmpty()) {
            return; // a renewal nobody waits for: the current grant goes on
        }
        long availableMicros = refused.availableMicros().orElse(0);
        // this instance's own idle grant may hold what is missing: settled first, its unused rest counts
        Grant idle = lease.current != null && lease.current.inFlight == 0 && !lease.current.settling ? lease.current : null;
        long idleUnused = idle == null ? 0 : Math.max(0, idle.remainingMicros());
        if (!placement.retry && (placement.sizeMicros > placement.neededMicros || idleUnused > 0)
                && availableMicros + idleUnused >= placement.neededMicros) {
            if (idle != null) {
                retire(lease, idle, null);
                idle.settling = true;
            }
            long size = settings.grantSize(placement.neededMicros, availableMicros + idleUnused);
            startPlacement(lease, new Placement(nextGrantId(lease.accountId), size, placement.neededMicros, placement.currency, true),
                    idle, actions);
            return;
        }
        long affordable = availableMicros + unusedMicros(lease);
        for (Iterator<Waiter> waiting = lease.waiters.iterator(); waiting.hasNext(); ) {
            Waiter waiter = waiting.next();
            if (waiter.amountMicros > availableMicros || waiter.attempts >= PLACEMENT_ATTEMPTS_PER_REQUEST) {
                waiting.remove();
                InsufficientCreditsException refusal = new InsufficientCreditsException("account " + lease.accountId
                        + " can spend " + affordable + " micro-units, the request needs up to " + waiter.amountMicros,
                        OptionalLong.of(affordable));
                failed.add(() -> waiter.answer.completeExceptionally(refusal));
            }
        }
    }

    /** No new reservations on the grant; settled once its requests in flight are done. */
    private void retire(AccountLease lease, Grant grant, Actions actions) {
        if (lease.current == grant) {
            lease.current = null;
        }
        if (!grant.retired) {
            grant.retired = true;
            lease.retired.add(grant);
        }
        if (actions != null && grant.inFlight == 0) {
            planSettlement(lease, grant, actions);
        }
    }

    private void planSettlement(AccountLease lease, Grant grant, Actions actions) {
        if (grant.settling) {
            return;
        }
        grant.settling = true;
        long usedMicros = grant.usedMicros;
        actions.add(() -> settle(lease, grant, usedMicros).subscribe().with(done -> { }, failure -> { }));
    }

    /** What this instance's grants of the account still have unused (the current one and those retired, not yet settled). */
    private static long unusedMicros(AccountLease lease) {
        long unused = lease.current == null ? 0 : Math.max(0, lease.current.remainingMicros());
        for (Grant grant : lease.retired) {
            unused += Math.max(0, grant.remainingMicros());
        }
        return unused;
    }

    // ---- at the ledger, outside the lock ----

    /**
     * Settles a retired grant with what was used on it, retrying while the ledger does not answer. Never fails: a grant
     * that cannot be settled expires at the ledger by itself ({@code lifetime}), and is forgotten here.
     */
    private Uni<Void> settle(AccountLease lease, Grant grant, long usedMicros) {
        Uni<HoldAnswer> settlement = Uni.createFrom().deferred(() -> ledger.settleGrant(grant.grantId, usedMicros));
        if (settings.settleAttempts() > 1) {
            settlement = settlement.onFailure(failure -> !(failure instanceof HoldConflictException)).retry()
                    .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(settings.settleAttempts() - 1L);
        }
        return settlement
                .invoke(settled -> observe(lease.accountId, settled))
                .onFailure().invoke(failure -> LOG.warnf("grant %s (%d micro-units used) could not be settled; it expires at the ledger "
                        + "within %s: %s", grant.grantId, usedMicros, settings.lifetime(), failure.getMessage()))
                .onItemOrFailure().invoke(() -> {
                    synchronized (lease) {
                        lease.retired.remove(grant);
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private void observe(String accountId, HoldAnswer answer) {
        String currency = answer.currency();
        if (currency == null || currency.isBlank()) {
            return;
        }
        balances.observe(accountId, answer.lastSequence(), Money.ofMicros(answer.balanceMicros(), currency),
                Money.ofMicros(answer.availableMicros(), currency));
    }

    private Long knownAvailable(String accountId) {
        return balances.availableOf(accountId).map(Money::amountMicros).orElse(null);
    }

    private HoldAnswer answer(String accountId, Grant grant, String status, long amountMicros) {
        long balance = balances.balanceOf(accountId).map(Money::amountMicros).orElse(0L);
        long available = balances.availableOf(accountId).map(Money::amountMicros).orElse(0L);
        return new HoldAnswer(grant.grantId, status, amountMicros, grant.currency, balance, available, 0);
    }

    private String nextGrantId(String accountId) {
        return "grant_" + instanceId + "_" + accountId + "_" + grantNumbers.incrementAndGet();
    }

    // ---- state ----

    /** One account's grants on this instance. Guarded by its own monitor. */
    private static final class AccountLease {
        final String accountId;
        Grant current;
        final List<Grant> retired = new ArrayList<>();
        final Deque<Waiter> waiters = new ArrayDeque<>();
        Placement pending;
        long renewalRefusedUntilNanos = Long.MIN_VALUE;
        long ledgerTroubleUntilNanos = Long.MIN_VALUE;
        boolean removed;

        AccountLease(String accountId) {
            this.accountId = accountId;
        }

        boolean isEmpty() {
            return current == null && retired.isEmpty() && pending == null && waiters.isEmpty();
        }
    }

    /** A grant as this instance spends it. Guarded by its account's lease. */
    private static final class Grant {
        final String grantId;
        final long heldMicros;
        final String currency;
        final long placedAtNanos;
        long reservedMicros;
        long usedMicros;
        int inFlight;
        boolean retired;
        boolean settling;

        Grant(String grantId, long heldMicros, String currency, long placedAtNanos) {
            this.grantId = grantId;
            this.heldMicros = heldMicros;
            this.currency = currency;
            this.placedAtNanos = placedAtNanos;
        }

        long remainingMicros() {
            return heldMicros - reservedMicros - usedMicros;
        }

        GrantView view() {
            return new GrantView(grantId, heldMicros, reservedMicros, usedMicros, inFlight, retired, settling);
        }
    }

    private record Reservation(AccountLease lease, Grant grant, long amountMicros) {
    }

    /** A request waiting for a grant that can cover it. */
    private static final class Waiter {
        final String holdId;
        final long amountMicros;
        final String currency;
        final CompletableFuture<HoldAnswer> answer = new CompletableFuture<>();
        int attempts;
        boolean abandoned;

        Waiter(String holdId, long amountMicros, String currency) {
            this.holdId = holdId;
            this.amountMicros = amountMicros;
            this.currency = currency;
        }
    }

    /**
     * A grant being placed.
     *
     * @param neededMicros what the request it is placed for needs; 0 for a renewal nobody waits for
     * @param retry        the second attempt after a refusal
     */
    private record Placement(String grantId, long sizeMicros, long neededMicros, String currency, boolean retry) {
    }

    /** Ledger calls decided under a lock, started after it is released. */
    private static final class Actions {
        private final List<Runnable> actions = new ArrayList<>();

        void add(Runnable action) {
            actions.add(action);
        }

        void run() {
            actions.forEach(Runnable::run);
        }
    }
}
