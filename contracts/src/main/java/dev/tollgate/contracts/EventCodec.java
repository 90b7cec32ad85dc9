package dev.tollgate.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Turns envelopes into JSON and back. Services use this codec rather than their framework's mapper,
 * so the wire format is the same everywhere: ISO-8601 instants, decimals as strings, unknown fields
 * ignored (producers may add optional fields without breaking consumers).
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EventCodec() {
    }

    public static String encode(EventEnvelope<?> envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + envelope.type(), e);
        }
    }

    /** Encodes only the payload (the ledger stores envelopes field by field). */
    public static String encodePayload(EventPayload payload) {
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + payload.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an envelope of any known type.
     *
     * @throws InvalidEventException if the JSON is malformed, the type unknown, or a required field is missing
     */
    public static EventEnvelope<EventPayload> decode(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            String wireName = root.path("type").asText(null);
            int version = root.path("schemaVersion").asInt(-1);
            EventType type = EventType.byWireName(wireName, version)
                    .orElseThrow(() -> new InvalidEventException("unknown event type " + wireName + " v" + version));
            EventPayload payload = MAPPER.treeToValue(root.get("payload"), type.payloadClass());
            return new EventEnvelope<>(
                    MAPPER.treeToValue(root.get("eventId"), UUID.class),
                    wireName,
                    version,
                    root.path("accountId").asText(null),
                    MAPPER.treeToValue(root.get("occurredAt"), Instant.class),
                    root.path("causationId").asText(null),
                    root.path("correlationId").asText(null),
                    payload);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidEventException invalid) {
                throw invalid;
            }
            throw new InvalidEventException("not a valid event: " + e.getMessage(), e);
        }
    }

    /** Decodes an envelope whose payload must be of {@code payloadType}. */
    @SuppressWarnings("unchecked")
    public static <P extends EventPayload> EventEnvelope<P> decode(String json, Class<P> payloadType) {
        EventEnvelope<EventPayload> envelope = decode(json);
        if (!payloadType.isInstance(envelope.payload())) {
            throw new InvalidEventException("expected " + payloadType.getSimpleName() + " but got " + envelope.type());
        }
        return (EventEnvelope<P>) (EventEnvelope<?>) envelope;
    }

    /** Reads a payload alone, as stored by {@link #encodePayload}. */
    public static <P extends EventPayload> P decodePayload(String json, Class<P> payloadType) {
        try {
            return MAPPER.readValue(json, payloadType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thrown for JSON that is not a valid Tollgate event; consumers send such records to a dead-letter topic. */
    public static final class InvalidEventException extends RuntimeException {
        public InvalidEventException(String message) {
            super(message);
        }

        public InvalidEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
