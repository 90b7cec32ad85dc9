package dev.tollgate.router.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class StreamProgressTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StreamProgress progress = new StreamProgress();

    @Test
    void reportedUsageWins() throws Exception {
        progress.observe(chunk("{\"choices\":[{\"delta\":{\"content\":\"Hello\"}}],\"usage\":null}"));
        progress.observe(chunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}"));

        assertThat(progress.usageOrEstimate(50)).isEqualTo(new UpstreamUsage(12, 4, 9));
    }

    @Test
    void withoutUsageEveryChunkCarryingOutputCountsOneToken() throws Exception {
        progress.observe(chunk("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
        progress.observe(chunk("{\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}"));
        progress.observe(chunk("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\"}}]}}]}"));
        progress.observe(chunk("{\"choices\":[{\"delta\":{\"refusal\":\"No\"}}]}"));
        progress.observe(chunk("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}"));

        assertThat(progress.outputChunks()).isEqualTo(3);
        assertThat(progress.usageOrEstimate(40)).isEqualTo(new UpstreamUsage(40, 0, 3));
    }

    @Test
    void nothingProducedIsNothingBillable() {
        assertThat(progress.usageOrEstimate(0).hasTokens()).isFalse();
    }

    private static JsonNode chunk(String json) throws Exception {
        return JSON.readTree(json);
    }
}
