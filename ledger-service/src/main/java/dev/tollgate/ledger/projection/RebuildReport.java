package dev.tollgate.ledger.projection;

import java.util.List;

/**
 * What a projection rebuild did and whether it reproduced what was there.
 *
 * @param accounts             accounts in the rebuilt projection
 * @param events               log entries replayed
 * @param checksumBefore       md5 of every (account, balance, last sequence) before the rebuild
 * @param checksumAfter        the same after the rebuild
 * @param matches              true when every balance and sequence came back identical
 * @param differingAccounts    accounts whose balance or sequence differed (at most 100 named)
 * @param logInconsistencies   accounts whose log itself does not add up (sequence gaps, balance_after off)
 * @param elapsedMillis        time of the rebuild transaction
 * @param eventsPerSecond      events replayed per second of elapsed time
 */
public record RebuildReport(long accounts, long events, String checksumBefore, String checksumAfter, boolean matches,
                            List<String> differingAccounts, List<String> logInconsistencies,
                            long elapsedMillis, long eventsPerSecond) {
}
