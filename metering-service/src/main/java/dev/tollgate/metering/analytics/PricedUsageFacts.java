package dev.tollgate.metering.analytics;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.tollgate.contracts.EventType;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.TokenClass;

/**
 * The few fields of a {@code UsagePriced} envelope the usage analytics count, read from the JSON in one pass; the
 * rest (rates, exact parts, versions) is skipped unread. A tolerant reader of the contract: version 1 only adds
 * optional fields, and {@code UsageAnalyticsTest} feeds it events written by {@code EventCodec}.
 *
 * <p>Decoding the whole event with {@code EventCodec} (a tree, then every exact decimal and instant of the
 * breakdown) was the largest single cost of this service while pricing: the projection needs none of that.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PricedUsageFacts(String type, int schemaVersion, UUID eventId, String accountId, Payload payload) {

    private static final ObjectReader READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build()
            .readerFor(PricedUsageFacts.class);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Payload(String requestedAt, String model, Breakdown breakdown) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Breakdown(List<Line> lines, Money total) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Line(TokenClass tokenClass, long tokens) {
    }

    /**
     * @throws IllegalArgumentException if the JSON is not a {@code UsagePriced} v1 envelope with the counted fields
     */
    static PricedUsageFacts read(String json) {
        PricedUsageFacts facts;
        try {
            facts = READER.readValue(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an event envelope", e);
        }
        if (!EventType.USAGE_PRICED.wireName().equals(facts.type()) || facts.schemaVersion() != EventType.USAGE_PRICED.schemaVersion()) {
            throw new IllegalArgumentException("not a UsagePriced v1 event: " + facts.type() + " v" + facts.schemaVersion());
        }
        if (facts.eventId() == null || facts.accountId() == null || facts.payload() == null || facts.payload().requestedAt() == null
                || facts.payload().model() == null || facts.payload().breakdown() == null
                || facts.payload().breakdown().lines() == null || facts.payload().breakdown().total() == null) {
            throw new IllegalArgumentException("a UsagePriced event without the fields usage analytics count");
        }
        return facts;
    }

    /**
     * The UTC hour the request was made in, read from the ISO-8601 text: the codec writes instants in UTC
     * ({@code 2026-03-14T09:26:53.589Z}), whose first 13 characters name the hour; any other form is parsed in full.
     * (Parsing every instant with a date-time formatter cost as much as reading the rest of the event.)
     */
    String requestHour() {
        String at = payload.requestedAt();
        return isUtcText(at) ? at.substring(0, 13)
                : OffsetDateTime.parse(at).withOffsetSameInstant(ZoneOffset.UTC).toString().substring(0, 13);
    }

    /** {@code yyyy-MM-ddTHH:...Z}. */
    private static boolean isUtcText(String at) {
        if (at.length() < 17 || at.charAt(at.length() - 1) != 'Z' || at.charAt(4) != '-' || at.charAt(7) != '-'
                || at.charAt(10) != 'T' || at.charAt(13) != ':') {
            return false;
        }
        for (int i = 0; i < 13; i++) {
            if (i != 4 && i != 7 && i != 10 && !Character.isDigit(at.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Tokens of one class; prompt tokens in the projection include the cached ones, as the router reports them. */
    long tokens(TokenClass tokenClass) {
        long sum = 0;
        for (Line line : payload.breakdown().lines()) {
            if (line.tokenClass() == tokenClass) {
                sum += line.tokens();
            }
        }
        return sum;
    }
}
