package dev.tollgate.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.contracts.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Renders every overlay under k8s/overlays and checks every object it produces. */
class OverlaysAreValidTest {

    // loading the bundled Kubernetes definitions takes seconds: one validator for the class
    private static final ManifestValidator validator = new ManifestValidator(Repository.SCHEMAS);

    static Stream<Path> overlays() throws IOException {
        try (Stream<Path> children = Files.list(Repository.OVERLAYS)) {
            List<Path> found = children.filter(Files::isDirectory).sorted().toList();
            assertThat(found).extracting(path -> path.getFileName().toString()).contains("dev", "prod");
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectMatchesTheSchemaOfItsKind(Path overlay) throws Exception {
        List<JsonNode> objects = Kustomize.render(overlay);

        List<String> problems = new ArrayList<>();
        objects.forEach(object -> problems.addAll(validator.problems(object)));

        assertThat(objects).hasSizeGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicOfTheContractsHasAKafkaTopic(Path overlay) throws Exception {
        List<String> declared = Kustomize.render(overlay).stream()
                .filter(object -> object.path("kind").asText().equals("KafkaTopic"))
                .map(object -> object.path("spec").path("topicName").asText())
                .toList();

        List<String> contractTopics = Arrays.stream(Topics.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(OverlaysAreValidTest::value)
                .toList();

        assertThat(contractTopics).isNotEmpty();
        assertThat(declared).containsAll(contractTopics);
        // metering's, the ledger's (priced usage, payments events, balances projector) and payments' invoicing
        assertThat(declared).filteredOn(name -> name.endsWith("-dlq")).hasSize(5);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretValueIsRenderedAndEveryServiceHasProbesAndLimits(Path overlay) throws Exception {
        List<JsonNode> objects = Kustomize.render(overlay);

        assertThat(objects).noneMatch(object -> object.path("kind").asText().equals("Secret"));
        List<JsonNode> deployments = objects.stream()
                .filter(object -> List.of("Deployment", "StatefulSet").contains(object.path("kind").asText())).toList();
        assertThat(deployments).as("the four services' workloads").hasSize(4);
        for (JsonNode deployment : deployments) {
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            String name = deployment.at("/metadata/name").asText();
            assertThat(container.at("/startupProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/started");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/ready");
            assertThat(container.at("/resources/limits/memory").isMissingNode()).as(name).isFalse();
            assertThat(container.at("/resources/requests/cpu").isMissingNode()).as(name).isFalse();
            container.path("env").forEach(variable -> assertThat(variable.has("value"))
                    .as(name + " " + variable.path("name").asText() + " must come from a Secret reference")
                    .isFalse());
        }
    }

    /**
     * The ledger service runs as its application role (read and append to the log, no DDL); the database owner's
     * password, which could drop the append-only triggers, reaches only the init container that migrates.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theLedgerServiceNeverHoldsItsDatabaseOwnersPassword(Path overlay) throws Exception {
        List<JsonNode> objects = Kustomize.render(overlay);
        JsonNode pod = objects.stream().filter(object -> object.path("kind").asText().equals("Deployment")
                && object.at("/metadata/name").asText().equals("ledger-service")).findFirst().orElseThrow().at("/spec/template/spec");

        JsonNode service = pod.at("/containers/0");
        assertThat(secretsOf(service)).containsExactlyInAnyOrder("ledger-service", "tollgate-pg-ledger-app");
        JsonNode migrate = pod.path("initContainers").get(0);
        assertThat(migrate.path("name").asText()).isEqualTo("migrate");
        assertThat(migrate.path("image").asText()).isEqualTo(service.path("image").asText());
        assertThat(secretsOf(migrate)).containsExactlyInAnyOrder("tollgate-pg-ledger", "tollgate-pg-ledger-app");
        migrate.path("env").forEach(variable -> assertThat(variable.has("value")).as(variable.path("name").asText()).isFalse());
        String properties = objects.stream().filter(object -> object.path("kind").asText().equals("ConfigMap")
                && object.at("/metadata/name").asText().equals("ledger-service-config")).findFirst().orElseThrow()
                .at("/data/application.properties").asText();
        assertThat(properties).contains("quarkus.flyway.migrate-at-start=false");
    }

    private static List<String> secretsOf(JsonNode container) {
        List<String> secrets = new ArrayList<>();
        container.path("env").forEach(variable -> {
            JsonNode secret = variable.at("/valueFrom/secretKeyRef/name");
            if (!secret.isMissingNode() && !secrets.contains(secret.asText())) {
                secrets.add(secret.asText());
            }
        });
        return secrets;
    }

    /**
     * The router's usage journal (usage accepted but not yet in Kafka) must outlive its pod: a StatefulSet whose
     * volume claim template is mounted where the ConfigMap puts the journal, scaled by the HPA, its volumes kept.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theRouterKeepsItsUsageJournalOnAVolumeOfItsOwnPerPod(Path overlay) throws Exception {
        List<JsonNode> objects = Kustomize.render(overlay);

        JsonNode router = only(objects, "StatefulSet", "router-service");
        JsonNode claim = router.at("/spec/volumeClaimTemplates/0");
        assertThat(claim.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteOnce");
        assertThat(router.at("/spec/persistentVolumeClaimRetentionPolicy/whenScaled").asText()).isEqualTo("Retain");
        String mountPath = null;
        for (JsonNode mount : router.at("/spec/template/spec/containers/0/volumeMounts")) {
            if (mount.path("name").asText().equals(claim.at("/metadata/name").asText())) {
                mountPath = mount.path("mountPath").asText();
            }
        }
        assertThat(mountPath).as("the journal volume is mounted").isNotNull();
        assertThat(properties(only(objects, "ConfigMap", "router-service-config")))
                .containsEntry("tollgate.router.journal.dir", mountPath);
        assertThat(only(objects, "Service", router.at("/spec/serviceName").asText()).at("/spec/clusterIP").asText())
                .as("the StatefulSet's governing Service is headless").isEqualTo("None");
        JsonNode autoscaler = only(objects, "HorizontalPodAutoscaler", "router-service");
        assertThat(autoscaler.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("StatefulSet");
        assertThat(router.at("/spec/template/spec/containers/0/env").findValuesAsText("name"))
                .contains("TOLLGATE_ROUTER_OPERATOR_TOKEN_SHA256", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
    }

    /** Every service is scraped for metrics and exports traces to a collector; payments gets its Stripe and SMTP secrets. */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceIsScrapedExportsTracesAndGetsItsSecretsByReference(Path overlay) throws Exception {
        List<JsonNode> objects = Kustomize.render(overlay);

        for (String service : List.of("router-service", "metering-service", "ledger-service", "payments-service")) {
            JsonNode workload = objects.stream().filter(object -> object.at("/metadata/name").asText().equals(service)
                    && List.of("Deployment", "StatefulSet").contains(object.path("kind").asText())).findFirst().orElseThrow();
            JsonNode annotations = workload.at("/spec/template/metadata/annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).as(service).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/path").asText()).as(service).isEqualTo("/q/metrics");
            Map<String, String> config = properties(only(objects, "ConfigMap", service + "-config"));
            assertThat(config).as(service).containsEntry("quarkus.otel.sdk.disabled", "false")
                    .containsKey("quarkus.otel.exporter.otlp.traces.endpoint");
        }
        JsonNode payments = only(objects, "Deployment", "payments-service");
        List<String> paymentsSecrets = new ArrayList<>();
        payments.at("/spec/template/spec/containers/0/env").forEach(variable ->
                paymentsSecrets.add(variable.path("name").asText() + "=" + variable.at("/valueFrom/secretKeyRef/name").asText()));
        // the names payments' application.properties reads (tollgate.payments.stripe.secret-key, .webhook-secret)
        assertThat(paymentsSecrets).contains("TOLLGATE_STRIPE_SECRET_KEY=tollgate-payments-stripe",
                "TOLLGATE_STRIPE_WEBHOOK_SECRET=tollgate-payments-stripe", "QUARKUS_MAILER_USERNAME=tollgate-payments-smtp",
                "QUARKUS_MAILER_PASSWORD=tollgate-payments-smtp");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheGatewayAndTheStripeWebhookArePublic(Path overlay) throws Exception {
        List<JsonNode> objects = Kustomize.render(overlay);

        List<String> publicRoutes = new ArrayList<>();
        objects.stream()
                .filter(object -> object.path("kind").asText().equals("Ingress")
                        && object.at("/metadata/name").asText().equals("tollgate-public"))
                .forEach(ingress -> ingress.at("/spec/rules").forEach(rule -> rule.at("/http/paths").forEach(path ->
                        publicRoutes.add(path.path("path").asText() + " -> " + path.at("/backend/service/name").asText()))));
        assertThat(publicRoutes).containsExactlyInAnyOrder("/v1 -> router-service", "/webhooks/stripe -> payments-service");

        assertThat(objects).anyMatch(object -> object.path("kind").asText().equals("NetworkPolicy")
                && object.at("/spec/podSelector").isEmpty()
                && object.at("/spec/policyTypes").toString().contains("Ingress")
                && object.at("/spec/ingress").isMissingNode());
        objects.stream()
                .filter(object -> object.path("kind").asText().equals("Ingress")
                        && !object.at("/metadata/name").asText().equals("tollgate-public"))
                .forEach(other -> assertThat(other.at("/metadata/annotations/nginx.ingress.kubernetes.io~1auth-type").asText())
                        .as("every other Ingress authenticates: " + other.at("/metadata/name").asText())
                        .isNotEmpty());
    }

    private static JsonNode only(List<JsonNode> objects, String kind, String name) {
        List<JsonNode> matching = objects.stream().filter(object -> object.path("kind").asText().equals(kind)
                && object.at("/metadata/name").asText().equals(name)).toList();
        assertThat(matching).as(kind + " " + name).hasSize(1);
        return matching.get(0);
    }

    /** The Quarkus properties of a service's ConfigMap (its one key, application.properties). */
    private static Map<String, String> properties(JsonNode configMap) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(configMap.at("/data/application.properties").asText()));
        Map<String, String> byName = new TreeMap<>();
        properties.forEach((key, value) -> byName.put(key.toString(), value.toString()));
        return byName;
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
