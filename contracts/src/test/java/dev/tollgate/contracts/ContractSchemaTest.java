package dev.tollgate.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The contract gate: what producers serialise must match the committed JSON Schemas, and the
 * committed examples (what consumers already receive) must still validate and decode. Changing a
 * record in a way that breaks consumers fails here.
 */
class ContractSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serialisedExampleValidatesAgainstItsSchema(EventType type) throws IOException {
        String json = EventCodec.encode(ExampleEvents.of(type));

        assertThat(validate(type, JSON.readTree(json))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void exampleSurvivesARoundTrip(EventType type) {
        EventEnvelope<?> example = ExampleEvents.of(type);

        assertThat(EventCodec.decode(EventCodec.encode(example))).isEqualTo(example);
    }

    /**
     * Committed examples are what consumers have already received: they are never rewritten when a
     * contract gains an optional field, so they keep proving that old records still decode.
     */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void committedExampleStillValidatesAndDecodes(EventType type) throws IOException {
        String committed = resource("examples/v1/" + type.wireName() + ".json");

        assertThat(validate(type, JSON.readTree(committed))).isEmpty();
        EventEnvelope<EventPayload> decoded = EventCodec.decode(committed);
        assertThat(decoded.payload()).isInstanceOf(type.payloadClass());
        // what today's producer writes for that same event still validates too
        assertThat(validate(type, JSON.readTree(EventCodec.encode(decoded)))).isEmpty();
    }

    /**
     * Committed examples of what an optional field added later looks like on the wire (a grant's
     * {@code HoldPlaced}, usage naming the hold that paid for it): they validate, decode with the field
     * set, and what today's producer writes for them validates too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"HoldPlaced.grant", "UsageRecorded.grant", "UsagePriced.grant", "UsageCharged.grant"})
    void committedExampleWithLaterOptionalFieldsValidatesAndDecodes(String example) throws IOException {
        String committed = resource("examples/v1/" + example + ".json");
        EventEnvelope<EventPayload> decoded = EventCodec.decode(committed);
        EventType type = EventType.of(decoded.payload());

        assertThat(validate(type, JSON.readTree(committed))).isEmpty();
        assertThat(validate(type, JSON.readTree(EventCodec.encode(decoded)))).isEmpty();
        assertThat(EventCodec.decode(EventCodec.encode(decoded))).isEqualTo(decoded);
        EventPayload payload = decoded.payload();
        if (payload instanceof HoldPlaced placed) {
            assertThat(placed.kind()).isEqualTo(HoldKind.GRANT);
        } else if (payload instanceof UsageRecorded recorded) {
            assertThat(recorded.holdId()).isEqualTo("grant_r1a2b3c4_acct_demo_1");
        } else if (payload instanceof UsagePriced priced) {
            assertThat(priced.holdId()).isEqualTo("grant_r1a2b3c4_acct_demo_1");
        } else if (payload instanceof UsageCharged charged) {
            assertThat(charged.holdId()).isEqualTo("grant_r1a2b3c4_acct_demo_1");
        } else {
            throw new AssertionError("unexpected example " + decoded.type());
        }
    }

    @Test
    void eventsWrittenBeforeTheOptionalFieldsDecodeWithoutThem() throws IOException {
        HoldPlaced placed = (HoldPlaced) EventCodec.decode(resource("examples/v1/HoldPlaced.json")).payload();
        assertThat(placed.kind()).isNull();
        assertThat(placed.kindOrRequest()).isEqualTo(HoldKind.REQUEST);
        assertThat(((UsageRecorded) EventCodec.decode(resource("examples/v1/UsageRecorded.json")).payload()).holdId()).isNull();
        assertThat(((UsagePriced) EventCodec.decode(resource("examples/v1/UsagePriced.json")).payload()).holdId()).isNull();
        assertThat(((UsageCharged) EventCodec.decode(resource("examples/v1/UsageCharged.json")).payload()).holdId()).isNull();
    }

    @Test
    void anUnknownHoldKindIsRejectedBySchema() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(EventCodec.encode(ExampleEvents.of(EventType.HOLD_PLACED)));
        ((ObjectNode) event.get("payload")).put("kind", "loan");

        assertThat(validate(EventType.HOLD_PLACED, event)).isNotEmpty();
    }

    @Test
    void fractionalMoneyIsRejectedBySchema() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(EventCodec.encode(ExampleEvents.of(EventType.USAGE_PRICED)));
        ((ObjectNode) event.at("/payload/breakdown/total")).put("amountMicros", 85.5);

        assertThat(validate(EventType.USAGE_PRICED, event)).isNotEmpty();
    }

    @Test
    void missingAccountIdIsRejectedBySchema() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(EventCodec.encode(ExampleEvents.of(EventType.USAGE_RECORDED)));
        event.remove("accountId");

        assertThat(validate(EventType.USAGE_RECORDED, event)).isNotEmpty();
    }

    @Test
    void payloadOfAnotherTypeIsRejectedBySchema() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(EventCodec.encode(ExampleEvents.of(EventType.USAGE_RECORDED)));
        event.put("type", "UsagePriced");

        assertThat(validate(EventType.USAGE_RECORDED, event)).isNotEmpty();
        assertThat(validate(EventType.USAGE_PRICED, event)).isNotEmpty();
    }

    @Test
    void unknownTypeIsRefusedByTheCodec() {
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"Nope\",\"schemaVersion\":1,\"payload\":{}}"))
                .isInstanceOf(EventCodec.InvalidEventException.class)
                .hasMessageContaining("Nope");
    }

    @Test
    void malformedJsonIsRefusedByTheCodec() {
        assertThatThrownBy(() -> EventCodec.decode("{not json"))
                .isInstanceOf(EventCodec.InvalidEventException.class);
    }

    private static Set<ValidationMessage> validate(EventType type, JsonNode event) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema = SCHEMAS.getSchema(SchemaLocation.of("classpath:" + type.schemaResource()), config);
        return schema.validate(event);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ContractSchemaTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as("committed example " + path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
