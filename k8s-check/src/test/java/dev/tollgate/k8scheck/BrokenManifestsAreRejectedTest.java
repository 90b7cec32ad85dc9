package dev.tollgate.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check must be able to fail: take the rendered prod overlay, break one thing in one object, and expect
 * the validator to name the problem. (A valid copy of the same object passes, see OverlaysAreValidTest.)
 */
class BrokenManifestsAreRejectedTest {

    private static List<JsonNode> prod;
    // loading the bundled Kubernetes definitions takes seconds: one validator for the class
    private static final ManifestValidator validator = new ManifestValidator(Repository.SCHEMAS);

    @BeforeAll
    static void render() throws Exception {
        prod = Kustomize.render(Repository.OVERLAYS.resolve("prod"));
    }

    @Test
    void aMisspelledDeploymentFieldFails() {
        assertThat(problemsAfter("Deployment", "payments-service", object -> {
            ObjectNode spec = (ObjectNode) object.path("spec");
            spec.set("replica", spec.remove("replicas"));
        })).anyMatch(problem -> problem.contains("replica"));
    }

    @Test
    void aMisspelledFieldInTheRoutersJournalVolumeClaimFails() {
        assertThat(problemsAfter("StatefulSet", "router-service", object -> {
            ObjectNode claim = (ObjectNode) object.at("/spec/volumeClaimTemplates/0/spec");
            claim.set("accessMode", claim.remove("accessModes"));
        })).anyMatch(problem -> problem.contains("accessMode"));
    }

    @Test
    void aMisspelledContainerFieldFails() {
        assertThat(problemsAfter("Deployment", "ledger-service", object -> {
            ObjectNode container = (ObjectNode) object.at("/spec/template/spec/containers/0");
            container.set("imag", container.remove("image"));
        })).isNotEmpty();
    }

    @Test
    void aWrongTypeInAProbeFails() {
        assertThat(problemsAfter("Deployment", "metering-service", object ->
                ((ObjectNode) object.at("/spec/template/spec/containers/0/livenessProbe")).put("periodSeconds", "often")))
                .isNotEmpty();
    }

    @Test
    void aMisspelledKafkaTopicFieldFails() {
        assertThat(problemsAfter("KafkaTopic", "tollgate-usage-recorded-v1", object -> {
            ObjectNode spec = (ObjectNode) object.path("spec");
            spec.set("partitons", spec.remove("partitions"));
        })).anyMatch(problem -> problem.contains("partitons"));
    }

    @Test
    void aWrongTypeInAKafkaNodePoolFails() {
        assertThat(problemsAfter("KafkaNodePool", "broker", object ->
                ((ObjectNode) object.path("spec")).put("replicas", "three")))
                .isNotEmpty();
    }

    @Test
    void anUnknownAuthenticationTypeOfAKafkaUserFails() {
        assertThat(problemsAfter("KafkaUser", "ledger-service", object ->
                ((ObjectNode) object.at("/spec/authentication")).put("type", "scram-sha-5122")))
                .isNotEmpty();
    }

    @Test
    void aMisspelledNestedKafkaConnectFieldFails() {
        assertThat(problemsAfter("KafkaConnect", "tollgate-connect", object ->
                ((ObjectNode) object.at("/spec/build/output")).put("imagee", "x")))
                .anyMatch(problem -> problem.contains("imagee"));
    }

    @Test
    void aMisspelledCloudNativePgClusterFieldFails() {
        assertThat(problemsAfter("Cluster", "tollgate-pg", object -> {
            ObjectNode spec = (ObjectNode) object.path("spec");
            spec.set("instance", spec.remove("instances"));
        })).anyMatch(problem -> problem.contains("instance"));
    }

    @Test
    void aPublicationWithoutTargetFails() {
        assertThat(problemsAfter("Publication", "tollgate-ledger-log", object ->
                ((ObjectNode) object.path("spec")).remove("target")))
                .anyMatch(problem -> problem.contains("target"));
    }

    @Test
    void aKindWithoutSchemaFails() {
        ObjectNode unknown = prod.get(0).deepCopy();
        unknown.put("apiVersion", "example.com/v1").put("kind", "Widget");

        assertThat(validator.problems(unknown)).anyMatch(problem -> problem.contains("no schema"));
    }

    private List<String> problemsAfter(String kind, String name, Consumer<ObjectNode> breakIt) {
        JsonNode original = prod.stream()
                .filter(object -> object.path("kind").asText().equals(kind)
                        && object.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the prod overlay"));
        assertThat(validator.problems(original)).as("the unbroken original is valid").isEmpty();
        ObjectNode broken = original.deepCopy();
        breakIt.accept(broken);
        return validator.problems(broken);
    }
}
