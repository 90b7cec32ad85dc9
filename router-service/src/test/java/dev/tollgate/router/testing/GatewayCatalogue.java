package dev.tollgate.router.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.tollgate.router.routing.CatalogueView;

/** Makes sure the router's catalogue view holds the test models before a test sends requests. */
public final class GatewayCatalogue {

    private static volatile boolean published;

    private GatewayCatalogue() {
    }

    public static void ensureLoaded(CatalogueView catalogue) {
        if (!published) {
            CatalogueTopic.publishAll();
            published = true;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> CatalogueTopic.ALL.stream()
                .allMatch(entry -> catalogue.model(entry.model()).isPresent()));
    }
}
