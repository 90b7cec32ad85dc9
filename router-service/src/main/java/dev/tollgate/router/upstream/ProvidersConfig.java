package dev.tollgate.router.upstream;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * The upstream providers, by the name the catalogue gives them ({@code CatalogueEntry.provider}):
 * {@code tollgate.router.providers.<name>.base-url} and {@code .api-key}. The key is set through the
 * environment only (e.g. {@code TOLLGATE_ROUTER_PROVIDERS_OPENAI_API_KEY}) and never logged.
 */
@ConfigMapping(prefix = "tollgate.router.providers")
public interface ProvidersConfig {

    @WithParentName
    Map<String, Provider> byName();

    interface Provider {

        /** OpenAI-style base URL; requests go to {@code {base-url}/chat/completions}. */
        String baseUrl();

        /** Sent as bearer token when set. */
        Optional<String> apiKey();

        /**
         * Client headers whose (lower-case) name starts with this are passed to this provider; none
         * when unset. Only for the simulator ({@code x-simulator-}): its latency and failure knobs.
         */
        Optional<String> forwardHeaderPrefix();
    }
}
