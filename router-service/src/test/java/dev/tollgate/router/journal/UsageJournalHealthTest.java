package dev.tollgate.router.journal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.testing.TollgateServersResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class UsageJournalHealthTest {

    @Test
    void livenessReportsTheUsageJournalsBacklog() {
        List<Map<String, Object>> checks = given().when().get("/q/health/live")
                .then().statusCode(200).body("status", equalTo("UP"))
                .extract().jsonPath().getList("checks");

        Map<String, Object> journal = checks.stream().filter(check -> "usage-journal".equals(check.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no usage-journal check in " + checks));
        assertThat(journal.get("status")).isEqualTo("UP");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) journal.get("data");
        assertThat(data).containsKeys("unacknowledgedEntries", "journalledPosition", "acknowledgedPosition", "segments");
        assertThat(((Number) data.get("segments")).intValue()).isPositive();
    }
}
