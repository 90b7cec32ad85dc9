package dev.tollgate.metering.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.tollgate.metering.domain.ModelPriceVersion;
import dev.tollgate.metering.importer.PriceListParser.ParsedPriceList;
import dev.tollgate.pricing.QuoteUnit;

/** The gateway price-map format, read exactly, without Quarkus. */
class PriceListParserTest {

    private static final Instant AT = Instant.parse("2026-11-23T06:00:00Z");

    static String sample() throws IOException {
        try (InputStream in = PriceListParserTest.class.getResourceAsStream("/price-lists/sample-gateway-prices.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void perTokenUsdPricesBecomeExactPerMillionRatesWithLimitsAndCapabilities() throws IOException {
        ParsedPriceList parsed = PriceListParser.parse(sample(), AT, "sample");
        Map<String, ModelPriceVersion> byModel = parsed.models().stream()
                .collect(Collectors.toMap(ModelPriceVersion::model, Function.identity()));

        assertThat(byModel).containsOnlyKeys("acme-chat-large", "acme-chat-mini", "brightlabs-sonnet");
        ModelPriceVersion large = byModel.get("acme-chat-large");
        // 2.5e-06 per token = 2.5 per million; 1e-05 = 10; 1.25e-06 = 1.25
        assertThat(large.upstreamPromptPerMillion()).isEqualByComparingTo("2.5");
        assertThat(large.upstreamCompletionPerMillion()).isEqualByComparingTo("10");
        assertThat(large.upstreamCachedPromptPerMillion()).isEqualByComparingTo("1.25");
        assertThat(large.upstreamCacheWritePerMillion()).isNull();
        assertThat(large.currency()).isEqualTo("USD");
        assertThat(large.provider()).isEqualTo("acme");
        assertThat(large.contextWindowTokens()).isEqualTo(128_000);
        assertThat(large.maxOutputTokens()).isEqualTo(16_384);
        assertThat(large.toolCallingQuality()).isEqualByComparingTo("0.9");
        assertThat(large.capabilities()).containsExactlyInAnyOrder("streaming", "tools", "json_mode", "vision", "prompt_caching");
        assertThat(large.quotedPer()).isEqualTo(QuoteUnit.PER_TOKEN);
        assertThat(large.tier()).isEqualTo("standard"); // completion 10 per million: standard band
        assertThat(large.version()).isEqualTo("acme-chat-large@2026-11-23T06:00:00Z");
        assertThat(large.source()).isEqualTo("import:sample");

        ModelPriceVersion mini = byModel.get("acme-chat-mini");
        assertThat(mini.upstreamPromptPerMillion()).isEqualByComparingTo("0.15");
        assertThat(mini.upstreamCachedPromptPerMillion()).isEqualByComparingTo("0.075");
        assertThat(mini.upstreamCompletionPerMillion()).isEqualByComparingTo("0.6");
        assertThat(mini.tier()).isEqualTo("budget");

        ModelPriceVersion sonnet = byModel.get("brightlabs-sonnet");
        assertThat(sonnet.upstreamCacheWritePerMillion()).isEqualByComparingTo("3.75");
        assertThat(sonnet.tier()).isEqualTo("standard"); // named by the list
        assertThat(sonnet.toolCallingQuality()).isNull();
    }

    @Test
    void nonChatEntriesAndEntriesWithoutPricesAreSkippedWithAReason() throws IOException {
        ParsedPriceList parsed = PriceListParser.parse(sample(), AT, "sample");

        assertThat(parsed.skipped()).containsOnlyKeys("acme-embedding-small", "mystery-model");
        assertThat(parsed.skipped().get("acme-embedding-small")).contains("embedding");
        assertThat(parsed.skipped().get("mystery-model")).contains("input_cost_per_token");
    }

    @Test
    void aListQuotedPerThousandTokensIsNormalisedExactly() {
        String json = """
                {"m": {"input_cost_per_token": 0.00015, "output_cost_per_token": 0.0006, "quoted_per": "thousand_tokens",
                       "currency": "EUR", "mode": "chat"}}""";

        ModelPriceVersion m = PriceListParser.parse(json, AT, "t").models().get(0);

        assertThat(m.upstreamPromptPerMillion()).isEqualByComparingTo("0.15");
        assertThat(m.upstreamCompletionPerMillion()).isEqualByComparingTo("0.6");
        assertThat(m.quotedPer()).isEqualTo(QuoteUnit.PER_THOUSAND_TOKENS);
        assertThat(m.currency()).isEqualTo("EUR");
    }

    @Test
    void textThatIsNotAJsonObjectIsRefused() {
        assertThatThrownBy(() -> PriceListParser.parse("[1, 2]", AT, "t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceListParser.parse("{not json", AT, "t")).isInstanceOf(IllegalArgumentException.class);
    }
}
