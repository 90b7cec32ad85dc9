package dev.tollgate.router.routing;

import java.util.List;

/**
 * The classifier's answer: the tier, the score it comes from, the features read and, in words, every
 * rule that added to the score (so a routing decision can be explained to the client or in a log).
 */
public record Classification(Tier tier, int score, RequestFeatures features, List<String> reasons) {

    public Classification {
        reasons = List.copyOf(reasons);
    }

    /** The reasons in one line, e.g. {@code "code block (+2); reasoning cue x1 (+1)"}. */
    public String explanation() {
        return reasons.isEmpty() ? "short plain request" : String.join("; ", reasons);
    }
}
