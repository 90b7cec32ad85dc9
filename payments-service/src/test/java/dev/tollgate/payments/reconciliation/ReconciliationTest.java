package dev.tollgate.payments.reconciliation;

import static dev.tollgate.payments.testing.PaymentsTestSupport.asOperator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tollgate.payments.testing.PaymentsTestSupport;
import dev.tollgate.payments.testing.PaymentsWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Seeded differences between our records and the Stripe stub's lists are all reported. */
@QuarkusTest
@WithTestResource(PaymentsWorld.class)
class ReconciliationTest {

    @Test
    void everySeededDifferenceIsReported() throws Exception {
        String account = PaymentsTestSupport.newAccount("acct_recon");
        PaymentsTestSupport.Checkout matching = PaymentsTestSupport.checkout(account, 1000);
        String matchingIntent = PaymentsTestSupport.payByCard(matching);
        PaymentsTestSupport.Checkout changed = PaymentsTestSupport.checkout(account, 500);
        String changedIntent = PaymentsTestSupport.payByCard(changed);
        PaymentsTestSupport.Checkout vanished = PaymentsTestSupport.checkout(account, 700);
        String vanishedIntent = PaymentsTestSupport.payByCard(vanished);

        PaymentsWorld.stripe().setChargeAmount(changedIntent, 549);
        PaymentsWorld.stripe().forgetCharge(vanishedIntent);
        String foreignIntent = PaymentsWorld.stripe().addForeignCharge(1234);
        PaymentsWorld.stripe().refundFromDashboard(matchingIntent, 100);

        Instant from = Instant.now().minus(1, ChronoUnit.HOURS);
        Instant to = Instant.now().plus(1, ChronoUnit.HOURS);
        List<Map<String, String>> differences = given().auth().oauth2(PaymentsTestSupport.FINANCE_TOKEN)
                .get("/reconciliation?from=" + from + "&to=" + to).then().statusCode(200)
                .extract().path("differences");

        assertThat(differences).anySatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("amount-mismatch");
            assertThat(d.get("ours")).isEqualTo(changed.paymentId());
        });
        assertThat(differences).anySatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("missing-in-stripe");
            assertThat(d.get("ours")).isEqualTo(vanished.paymentId());
        });
        assertThat(differences).anySatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("missing-here");
            assertThat(d.get("detail")).contains(foreignIntent);
        });
        assertThat(differences).anySatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("missing-here");
            assertThat(d.get("object")).isEqualTo("refund");
            assertThat(d.get("detail")).contains(matchingIntent);
        });
        assertThat(differences).noneSatisfy(d -> assertThat(d.get("ours")).isEqualTo(matching.paymentId()));
    }

    @Test
    void reconciliationIsForFinanceAndOperatorsOnlyAndChecksItsPeriod() {
        given().get("/reconciliation?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z").then().statusCode(401);
        given().auth().oauth2("customer-test-token").get("/reconciliation?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z")
                .then().statusCode(403);
        asOperator().get("/reconciliation?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").then().statusCode(400);
        asOperator().get("/reconciliation?from=yesterday&to=2026-01-01T00:00:00Z").then().statusCode(400);
    }
}
