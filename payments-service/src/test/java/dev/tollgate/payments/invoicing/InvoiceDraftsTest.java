package dev.tollgate.payments.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.Money;
import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatKind;
import dev.tollgate.payments.tax.VatRules;

/** Drafting invoices and credit notes, and their PDF, without Quarkus. */
class InvoiceDraftsTest {

    private final InvoiceDrafts drafts = new InvoiceDrafts(VatRules.standard(), List.of("Seller SAS", "Paris"));
    private final BillingBlock italian = new BillingBlock("Rossi Srl", List.of("Via Roma 1"), "00100", "Roma", "IT", null, false);
    private final Instant paidAt = Instant.parse("2026-03-10T10:00:00Z");

    private Invoice purchase(long vatCents) {
        // 3000 credits + 50 fee = 3050 net; Italian 22% = 671
        CreditsPurchased paid = new CreditsPurchased("pay_1", "stripe", "pi_1", cents(3000), cents(50), cents(vatCents),
                cents(3050 + vatCents), "IT");
        return drafts.purchase("acct_1", paidAt, paid, italian, "rossi@example.it").numbered("TG-2026-000007", paidAt);
    }

    @Test
    void aPurchaseIsInvoicedAtTheCustomerCountryRate() {
        Invoice invoice = purchase(671);
        assertThat(invoice.vatKind()).isEqualTo(VatKind.STANDARD_CUSTOMER_COUNTRY);
        assertThat(invoice.vatRatePercent()).isEqualByComparingTo("22");
        assertThat(invoice.netCents()).isEqualTo(3050);
        assertThat(invoice.grossCents()).isEqualTo(3721);
    }

    @Test
    void aRefundCreditNoteSplitsTheRefundedGrossAtTheInvoiceRate() {
        // 1000 cents refunded at 22%: net 1000 / 1.22 = 819.67 -> 820, VAT 180
        Invoice note = drafts.refund(purchase(671), new CreditsRefunded("ref_1", "pay_1", "re_1", cents(820), cents(1000)));
        assertThat(note.kind()).isEqualTo(Invoice.Kind.CREDIT_NOTE);
        assertThat(note.netCents()).isEqualTo(-820);
        assertThat(note.vatCents()).isEqualTo(-180);
        assertThat(note.grossCents()).isEqualTo(-1000);
        assertThat(note.relatedNumber()).isEqualTo("TG-2026-000007");
    }

    @Test
    void aReissueCancelsInFullAndKeepsTheSaleWithTheNewBlock() {
        Invoice original = purchase(671);
        Invoice cancellation = drafts.cancellation(original);
        BillingBlock corrected = new BillingBlock("Rossi S.r.l.", List.of("Via Roma 2"), "00100", "Roma", "IT", null, false);
        Invoice replacement = drafts.replacement(original, corrected, "rossi@example.it");
        assertThat(cancellation.grossCents()).isEqualTo(-original.grossCents());
        assertThat(cancellation.vatCents()).isEqualTo(-original.vatCents());
        assertThat(cancellation.customer()).isEqualTo(original.customer());
        assertThat(replacement.grossCents()).isEqualTo(original.grossCents());
        assertThat(replacement.customer().legalName()).isEqualTo("Rossi S.r.l.");
        assertThat(cancellation.grossCents() + replacement.grossCents() + original.grossCents()).isEqualTo(original.grossCents());
    }

    @Test
    void anInvoiceThatDoesNotAddUpIsRefused() {
        Invoice invoice = purchase(671);
        assertThatThrownBy(() -> new Invoice("X", Invoice.Kind.INVOICE, Invoice.Reason.PURCHASE, "a", paidAt, "p", null, null,
                "EUR", 100, 0, 100, invoice.vatRatePercent(), 22, 121, VatKind.STANDARD_FR, "FR", null, italian, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePdfCarriesNumberBlocksAndAmounts() throws IOException {
        byte[] pdf = InvoicePdf.render(purchase(671));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Invoice TG-2026-000007", "Date: 2026-03-10", "Seller SAS", "Rossi Srl", "Via Roma 1",
                    "00100 Roma", "30.00 EUR", "0.50 EUR", "30.50 EUR", "VAT 22% (IT)", "6.71 EUR", "37.21 EUR", "pay_1 / pi_1");
        }
    }

    private static Money cents(long cents) {
        return Money.ofMicros(cents * 10_000, "EUR");
    }
}
