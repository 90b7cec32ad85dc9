package dev.tollgate.ledger.books;

import java.math.BigDecimal;

import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.pricing.Rounding;

/**
 * How one usage charge (whole micro-units) splits into upstream cost, platform fee and margin.
 *
 * <p>The breakdown's parts are exact decimals but the ledger debits one rounded total, so the parts
 * are rounded <em>cumulatively</em> with the one rounding rule: upstream = R(upstream),
 * fee = R(upstream + fee) − R(upstream), margin = total − R(upstream + fee). The three parts then
 * add up to the charged total exactly, none is negative, and the once-per-charge rounding difference
 * lands in the margin. Each running sum is capped at the total, so an entry whose breakdown does not
 * match its amount still splits into parts that add up (the amount debited is the fact).
 */
public record UsageRevenueSplit(long upstreamCostMicros, long platformFeeMicros, long marginMicros) {

    public static UsageRevenueSplit of(UsageCharged charged) {
        long totalMicros = -charged.amount().amountMicros();
        PriceBreakdown breakdown = charged.breakdown();
        String currency = charged.amount().currency();
        BigDecimal upstream = orZero(breakdown == null ? null : breakdown.upstreamCost());
        BigDecimal fee = orZero(breakdown == null ? null : breakdown.platformFee());
        long upstreamMicros = capped(Rounding.toMoney(upstream, currency).amountMicros(), totalMicros);
        long upstreamAndFeeMicros = capped(Rounding.toMoney(upstream.add(fee), currency).amountMicros(), totalMicros);
        upstreamAndFeeMicros = Math.max(upstreamAndFeeMicros, upstreamMicros);
        return new UsageRevenueSplit(upstreamMicros, upstreamAndFeeMicros - upstreamMicros, totalMicros - upstreamAndFeeMicros);
    }

    public long totalMicros() {
        return upstreamCostMicros + platformFeeMicros + marginMicros;
    }

    private static long capped(long micros, long totalMicros) {
        return Math.max(0, Math.min(micros, totalMicros));
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
