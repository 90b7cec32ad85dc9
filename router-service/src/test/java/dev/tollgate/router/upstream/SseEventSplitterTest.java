package dev.tollgate.router.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseEventSplitterTest {

    private final SseEventSplitter splitter = new SseEventSplitter();

    @Test
    void eventsSplitAcrossNetworkChunksComeOutWhole() {
        List<String> events = new ArrayList<>();
        events.addAll(splitter.feed(bytes("data: {\"a\":")));
        assertThat(events).isEmpty();
        events.addAll(splitter.feed(bytes("1}\n")));
        assertThat(events).isEmpty(); // not ended before the blank line
        events.addAll(splitter.feed(bytes("\ndata: [DONE]\n\n")));

        assertThat(events).containsExactly("{\"a\":1}", "[DONE]");
    }

    @Test
    void crlfLinesCommentsAndOtherFieldsAreHandled() {
        List<String> events = splitter.feed(bytes(": keep-alive\r\n\r\nevent: message\r\nid: 7\r\ndata: one\r\ndata: two\r\n\r\n"));

        assertThat(events).containsExactly("one\ntwo");
    }

    @Test
    void aMultiByteCharacterCutBetweenChunksIsNotBroken() {
        byte[] event = bytes("data: {\"content\":\"caf\u00e9 \u20ac\"}\n\n");
        int cut = indexOf(event, (byte) 0xE2) + 1; // inside the three bytes of the euro sign
        List<String> events = new ArrayList<>(splitter.feed(Arrays.copyOfRange(event, 0, cut)));
        events.addAll(splitter.feed(Arrays.copyOfRange(event, cut, event.length)));

        assertThat(events).containsExactly("{\"content\":\"caf\u00e9 \u20ac\"}");
    }

    @Test
    void aLastEventWithoutItsBlankLineComesOutAtTheEnd() {
        assertThat(splitter.feed(bytes("data: last"))).isEmpty();

        assertThat(splitter.finish()).containsExactly("last");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
