package dev.tollgate.metering.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventCodec.InvalidEventException;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsageRecorded;

/**
 * Reads {@code UsageRecorded} envelopes in one pass, straight into the contract's records, where
 * {@link EventCodec#decode(String, Class)} first builds a JSON tree to learn the type and then converts it (which
 * made decoding the largest cost of pricing). The records check themselves: the envelope refuses a type or
 * version other than its payload's, and the payload its token counts.
 *
 * <p>Only a shortcut: a record this reader cannot take is handed to {@code EventCodec}, which decides as always
 * (accepting it, or refusing it with the {@link InvalidEventException} that sends it to the dead-letter topic).
 * The reading rules are the codec's: unknown fields ignored, ISO-8601 instants, no missing numbers.
 */
final class UsageRecordedDecoder {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final ObjectReader ENVELOPE_OF_USAGE = MAPPER.readerFor(
            MAPPER.getTypeFactory().constructParametricType(EventEnvelope.class, UsageRecorded.class));

    private UsageRecordedDecoder() {
    }

    /** @throws InvalidEventException if the record is not a valid {@code UsageRecorded} v1 event (the codec's verdict) */
    static EventEnvelope<UsageRecorded> decode(String json) {
        try {
            EventEnvelope<UsageRecorded> usage = ENVELOPE_OF_USAGE.readValue(json);
            if (usage != null) {
                return usage;
            }
        } catch (java.io.IOException | RuntimeException notTakenHere) {
            // the codec decides below
        }
        return EventCodec.decode(json, UsageRecorded.class);
    }
}
