package dev.tollgate.router.upstream;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.router.observability.GatewayMetrics;
import dev.tollgate.router.observability.MeteredUpstreamAdapter;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

/** One adapter per configured provider, each with its own pool of keep-alive connections. */
@ApplicationScoped
public class UpstreamProviders {

    private static final Logger LOG = Logger.getLogger(UpstreamProviders.class);

    private final Map<String, UpstreamAdapter> adapters = new TreeMap<>();

    public UpstreamProviders(ProvidersConfig providers, UpstreamConfig upstream, ObjectMapper mapper, Vertx vertx,
                             GatewayMetrics metrics) {
        providers.byName().forEach((name, provider) -> {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setKeepAlive(true)
                    .setMaxPoolSize(upstream.maxConnections())
                    .setConnectTimeout(Math.toIntExact(upstream.connectTimeout().toMillis())));
            adapters.put(name, new MeteredUpstreamAdapter(new OpenAiCompatibleAdapter(name, provider.baseUrl(), provider.apiKey(),
                    provider.forwardHeaderPrefix(), upstream.idleTimeout(), client, mapper), metrics));
        });
        LOG.infof("upstream providers: %s", adapters.keySet());
    }

    /** The adapter of the provider, or {@link UnknownProviderException}. */
    public UpstreamAdapter forProvider(String provider) {
        UpstreamAdapter adapter = provider == null ? null : adapters.get(provider);
        if (adapter == null) {
            throw new UnknownProviderException(provider);
        }
        return adapter;
    }
}
