package dev.tollgate.payments.invoicing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Invoices from the payments events topic (real Kafka), stored in real PostgreSQL, rendered to PDF,
 * e-mailed to a real SMTP server (GreenMail), downloaded, reissued and credited.
 */
@QuarkusTest
@WithTestResource(InvoicingServers.class)
class InvoicingTest {

    static final String CUSTOMER = "customer-test-token";   // account acct_customer
    static final String OTHER_CUSTOMER = "other-customer-test-token";
    static final String OPERATOR = "operator-test-token";
    static final String FINANCE = "finance-test-token";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    Invoicing invoicing;

    @Test
    void aPurchaseEventIssuesAReverseChargeInvoiceThatIsEmailedAndDownloadable() throws Exception {
        putProfile("acct_customer", "Muster GmbH", "DE", "DE123456789", true, "billing@muster.example");
        EventEnvelope<CreditsPurchased> purchase = purchase("acct_customer", 1000, 50, 0);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            kafka.send(Topics.PAYMENTS_EVENTS, "acct_customer", EventCodec.encode(purchase));
            kafka.send(Topics.PAYMENTS_EVENTS, "acct_customer", EventCodec.encode(purchase));   // redelivered
        }
        JsonPath invoice = awaitInvoiceOfPayment("acct_customer", purchase.payload().paymentId(), CUSTOMER);
        String number = invoice.getString("number");
        assertThat(number).matches("TG-\\d{4}-\\d{6}");
        assertThat(invoice.getLong("netCents")).isEqualTo(1050);
        assertThat(invoice.getLong("vatCents")).isZero();
        assertThat(invoice.getLong("grossCents")).isEqualTo(1050);

        byte[] pdf = given().auth().oauth2(CUSTOMER).get("/accounts/acct_customer/invoices/" + number + ".pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        String text = textOf(pdf);
        assertThat(text).contains("Invoice " + number, "Muster GmbH", "VAT number: DE123456789", "Tollgate SAS",
                "SIREN: 123456789", "10.00 EUR", "0.50 EUR", "10.50 EUR", "VAT 0%", "0.00 EUR",
                "Autoliquidation — reverse charge, article 196 of Directive 2006/112/EC", purchase.payload().paymentId());

        MimeMessage mail = awaitMail("billing@muster.example", number);
        Multipart parts = (Multipart) mail.getContent();
        BodyPart attachment = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if ((number + ".pdf").equals(parts.getBodyPart(i).getFileName())) {
                attachment = parts.getBodyPart(i);
            }
        }
        assertThat(attachment).as("the PDF is attached").isNotNull();
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
        assertThat(count("select count(*) from invoice_email where invoice_number = '" + number + "' and status = 'SENT'")).isEqualTo(1);

        Thread.sleep(1500);   // the duplicate was delivered right after the original
        assertThat(count("select count(*) from invoice where payment_id = '" + purchase.payload().paymentId() + "'")).isEqualTo(1);
    }

    @Test
    void anEuConsumerPaysTheVatOfTheirCountry() throws Exception {
        String account = "acct_fi_" + UUID.randomUUID();
        putProfile(account, "Matti Meikäläinen", "FI", null, false, "matti@example.fi");
        // 1000 + 50 = 1050 net; Finnish 25.5% = 267.75 -> 268
        EventEnvelope<CreditsPurchased> purchase = purchase(account, 1000, 50, 268);
        invoicing.onPurchase(purchase);
        JsonPath invoice = awaitInvoiceOfPayment(account, purchase.payload().paymentId(), OPERATOR);
        assertThat(invoice.getString("vatRatePercent")).isEqualTo("25.5");
        assertThat(invoice.getLong("grossCents")).isEqualTo(1318);
        String text = textOf(given().auth().oauth2(FINANCE).get("/accounts/" + account + "/invoices/" + invoice.getString("number") + ".pdf")
                .then().statusCode(200).extract().asByteArray());
        assertThat(text).contains("VAT 25.5% (FI)", "2.68 EUR", "13.18 EUR").doesNotContain("Autoliquidation");
    }

    @Test
    void invoicesOfAnotherAccountAreNotVisible() {
        given().auth().oauth2(OTHER_CUSTOMER).get("/accounts/acct_customer/invoices").then().statusCode(403)
                .contentType("application/problem+json");
        given().get("/accounts/acct_customer/invoices").then().statusCode(401);
        given().auth().oauth2(OTHER_CUSTOMER).get("/accounts/acct_customer/invoices/TG-2026-000001.pdf").then().statusCode(403);
        given().auth().oauth2(OPERATOR).get("/accounts/acct_nobody/invoices/TG-2026-000001.pdf").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aReissueCancelsWithACreditNoteAndIssuesTheCorrectedBlockUnderTheNextNumber() throws Exception {
        String account = "acct_reissue_" + UUID.randomUUID();
        putProfile(account, "Wrong Name SARL", "FR", null, true, "compta@example.fr");
        EventEnvelope<CreditsPurchased> purchase = purchase(account, 2000, 50, 410);   // 2050 x 20% = 410
        String original = invoicing.onPurchase(purchase).orElseThrow().number();
        putProfile(account, "Right Name SARL", "FR", "FR40303265045", true, "compta@example.fr");

        JsonPath reissue = given().auth().oauth2(OPERATOR).post("/accounts/" + account + "/invoices/" + original + "/reissue")
                .then().statusCode(200).extract().jsonPath();
        String creditNote = reissue.getString("creditNote.number");
        String replacement = reissue.getString("invoice.number");
        assertThat(sequence(replacement)).isEqualTo(sequence(creditNote) + 1);
        assertThat(reissue.getLong("creditNote.grossCents")).isEqualTo(-2460);
        assertThat(reissue.getString("creditNote.relatedNumber")).isEqualTo(original);
        assertThat(reissue.getString("creditNote.customerLegalName")).isEqualTo("Wrong Name SARL");
        assertThat(reissue.getLong("invoice.grossCents")).isEqualTo(2460);
        assertThat(reissue.getString("invoice.customerLegalName")).isEqualTo("Right Name SARL");

        String replacementText = textOf(given().auth().oauth2(OPERATOR)
                .get("/accounts/" + account + "/invoices/" + replacement + ".pdf").then().statusCode(200).extract().asByteArray());
        assertThat(replacementText).contains("Right Name SARL", "FR40303265045", "Replaces invoice " + original, "24.60 EUR");
        String creditNoteText = textOf(given().auth().oauth2(OPERATOR)
                .get("/accounts/" + account + "/invoices/" + creditNote + ".pdf").then().statusCode(200).extract().asByteArray());
        assertThat(creditNoteText).contains("Credit note " + creditNote, "Cancels invoice " + original, "-24.60 EUR", "Wrong Name SARL");

        given().auth().oauth2(OPERATOR).post("/accounts/" + account + "/invoices/" + original + "/reissue")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(OTHER_CUSTOMER).post("/accounts/" + account + "/invoices/" + replacement + "/reissue")
                .then().statusCode(403);
        assertThat(count("select count(*) from invoice where account_id = '" + account + "'")).isEqualTo(3);
    }

    @Test
    void aRefundIssuesACreditNoteAgainstThePaymentsInvoice() throws Exception {
        String account = "acct_refund_" + UUID.randomUUID();
        putProfile(account, "Jean Dupont", "FR", null, false, "jean@example.fr");
        EventEnvelope<CreditsPurchased> purchase = purchase(account, 1000, 50, 210);   // 1050 x 20% = 210
        String invoiceNumber = invoicing.onPurchase(purchase).orElseThrow().number();
        // 600 credits refunded: 600 x 1.20 = 720 cents gross -> net 600, VAT 120
        EventEnvelope<CreditsRefunded> refund = EventEnvelope.wrap(UUID.randomUUID(), account, Instant.now(), null, null,
                new CreditsRefunded("ref_" + UUID.randomUUID(), purchase.payload().paymentId(), "re_test",
                        credits(600), cents(720)));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            kafka.send(Topics.PAYMENTS_EVENTS, account, EventCodec.encode(refund));
        }
        JsonPath note = awaitDocument(account, "REFUND", OPERATOR);
        assertThat(note.getString("kind")).isEqualTo("CREDIT_NOTE");
        assertThat(note.getString("relatedNumber")).isEqualTo(invoiceNumber);
        assertThat(note.getLong("grossCents")).isEqualTo(-720);
        assertThat(note.getLong("vatCents")).isEqualTo(-120);
        assertThat(note.getLong("netCents")).isEqualTo(-600);
    }

    @Test
    void concurrentIssuesNumberWithoutGapsOrDuplicates() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "payments", "payments")) {
            connection.setAutoCommit(false);
            InvoiceNumbers.next(connection, "TG", java.time.LocalDate.now(InvoiceDrafts.SELLER_ZONE).getYear());
            connection.rollback();   // a number taken and given back must not leave a gap
        }
        int issues = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> numbers = new ArrayList<>();
        for (int i = 0; i < issues; i++) {
            String account = "acct_concurrent_" + (i % 5);
            Callable<String> issue = () -> invoicing.onPurchase(purchase(account, 500, 50, 0)).orElseThrow().number();
            numbers.add(pool.submit(issue));
        }
        List<String> issued = new ArrayList<>();
        for (Future<String> number : numbers) {
            issued.add(number.get());
        }
        pool.shutdown();
        assertThat(issued).doesNotHaveDuplicates().hasSize(issues);

        List<Long> sequences = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "payments", "payments");
             PreparedStatement query = connection.prepareStatement(
                     "select sequence from invoice where series = 'TG' and year = ? order by sequence")) {
            query.setInt(1, java.time.LocalDate.now(InvoiceDrafts.SELLER_ZONE).getYear());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sequences.add(rows.getLong(1));
                }
            }
        }
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("document %d of the series", i + 1).isEqualTo(i + 1L);
        }
    }

    // ---- helpers ----

    private static void putProfile(String account, String name, String country, String vatNumber, boolean business, String email) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("legalName", name, "addressLines", List.of("1 Example Street"),
                "postcode", "12345", "city", "Example City", "country", country, "email", email, "business", business));
        if (vatNumber != null) {
            body.put("vatNumber", vatNumber);
        }
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body)
                .put("/accounts/" + account + "/billing-profile").then().statusCode(200);
    }

    private static EventEnvelope<CreditsPurchased> purchase(String account, long credits, long feeCents, long vatCents) {
        return EventEnvelope.wrap(UUID.randomUUID(), account, Instant.now(), null, null, new CreditsPurchased(
                "pay_" + UUID.randomUUID(), "stripe", "pi_" + UUID.randomUUID(), credits(credits), cents(feeCents),
                cents(vatCents), cents(credits + feeCents + vatCents), null));
    }

    /** 1 credit = 1 cent = 10,000 micros. */
    private static Money credits(long credits) {
        return Money.ofMicros(credits * 10_000, "EUR");
    }

    private static Money cents(long cents) {
        return Money.ofMicros(cents * 10_000, "EUR");
    }

    private static long sequence(String number) {
        return Long.parseLong(number.substring(number.lastIndexOf('-') + 1));
    }

    private JsonPath awaitInvoiceOfPayment(String account, String paymentId, String token) throws InterruptedException {
        return await(() -> {
            List<Map<String, Object>> invoices = given().auth().oauth2(token).get("/accounts/" + account + "/invoices")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            return invoices.stream().filter(invoice -> paymentId.equals(invoice.get("paymentId")))
                    .map(invoice -> new JsonPath(toJson(invoice))).findFirst().orElse(null);
        });
    }

    private JsonPath awaitDocument(String account, String reason, String token) throws InterruptedException {
        return await(() -> {
            List<Map<String, Object>> invoices = given().auth().oauth2(token).get("/accounts/" + account + "/invoices")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            return invoices.stream().filter(invoice -> reason.equals(invoice.get("reason")))
                    .map(invoice -> new JsonPath(toJson(invoice))).findFirst().orElse(null);
        });
    }

    private static String toJson(Map<String, Object> map) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(map);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MimeMessage awaitMail(String recipient, String number) throws InterruptedException {
        return await(() -> {
            for (MimeMessage message : InvoicingServers.smtp().getReceivedMessages()) {
                try {
                    if (message.getSubject().contains(number) && message.getAllRecipients()[0].toString().equals(recipient)) {
                        return message;
                    }
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
    }

    private static <T> T await(Supplier<T> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not seen within 30 s");
    }

    private static String textOf(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "payments", "payments");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
