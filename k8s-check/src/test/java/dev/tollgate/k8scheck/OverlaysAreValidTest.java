package dev.tollgate.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.contracts.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        assertThat(declared).filteredOn(name -> name.endsWith("-dlq")).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretValueIsRenderedAndEveryServiceHasProbesAndLimits(Path overlay) throws Exception {
        List<JsonNode> objects = Kustomize.render(overlay);

        assertThat(objects).noneMatch(object -> object.path("kind").asText().equals("Secret"));
        List<JsonNode> deployments = objects.stream()
                .filter(object -> object.path("kind").asText().equals("Deployment")).toList();
        assertThat(deployments).hasSize(4);
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

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
