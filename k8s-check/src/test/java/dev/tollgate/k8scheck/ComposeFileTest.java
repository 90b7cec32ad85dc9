package dev.tollgate.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose/compose.yaml cannot be run on our machines (no Docker engine): check at least that it parses
 * and declares the system of the embedded default.
 */
class ComposeFileTest {

    private static final String SERVICES_VERSION = "0.1.0-SNAPSHOT";

    @Test
    void declaresTheServersTheSimulatorAndTheFourServicesFromTheirImages() throws Exception {
        List<JsonNode> documents = Kustomize.documents(
                Files.readString(Repository.ROOT.resolve("deploy").resolve("compose").resolve("compose.yaml")));
        assertThat(documents).hasSize(1);
        JsonNode services = documents.get(0).path("services");

        assertThat(services.fieldNames()).toIterable().containsExactlyInAnyOrder(
                "kafka", "postgres", "upstream-simulator",
                "router-service", "metering-service", "ledger-service", "payments-service");
        for (String service : List.of("router-service", "metering-service", "ledger-service", "payments-service")) {
            assertThat(services.path(service).path("image").asText())
                    .isEqualTo("tollgate/" + service + ":" + SERVICES_VERSION);
            assertThat(services.path(service).path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText())
                    .isEqualTo("kafka:9092");
        }
        assertThat(services.path("postgres").path("command").toString()).contains("wal_level=logical");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
        assertThat(documents.get(0).path("configs").path("create-service-databases").path("content").asText())
                .contains("CREATE DATABASE ledger", "CREATE DATABASE metering", "CREATE DATABASE payments");
    }
}
