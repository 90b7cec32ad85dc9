package dev.tollgate.payments.invoicing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.payments.api.PaymentsProblem;
import dev.tollgate.payments.billing.BillingProfile;
import dev.tollgate.payments.billing.BillingProfiles;
import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatRules;

/**
 * Issues invoices and credit notes. Each document is numbered, rendered and stored with its pending
 * e-mail in one transaction (with the inbox row of the event that caused it); the e-mail is sent after
 * the commit, never as part of it.
 */
@ApplicationScoped
public class Invoicing {

    public record Reissue(Invoice creditNote, Invoice invoice) {
    }

    private final DataSource dataSource;
    private final BillingProfiles profiles;
    private final InvoiceDrafts drafts;
    private final InvoiceMailer mailer;
    private final String series;

    public Invoicing(DataSource dataSource, BillingProfiles profiles, VatRules rules, SellerDetails seller, InvoiceMailer mailer,
                     @ConfigProperty(name = "tollgate.payments.invoicing.series", defaultValue = "TG") String series) {
        this.dataSource = dataSource;
        this.profiles = profiles;
        this.drafts = new InvoiceDrafts(rules, seller.lines());
        this.mailer = mailer;
        this.series = series;
    }

    /** The invoice of a confirmed payment, with the billing block in force when it was paid; empty for a redelivery. */
    public Optional<Invoice> onPurchase(EventEnvelope<CreditsPurchased> event) throws SQLException {
        Optional<Invoice> issued = inTransaction(connection -> {
            if (!InvoiceStore.markProcessed(connection, event.eventId(), event.type())) {
                return Optional.empty();
            }
            Optional<BillingProfile> profile = profiles.inForceAt(connection, event.accountId(), event.occurredAt());
            BillingBlock customer = profile.map(BillingProfile::block)
                    .orElse(InvoiceDrafts.unknownCustomer(event.accountId(), event.payload().vatCountry()));
            String email = profile.map(BillingProfile::email).orElse(null);
            return Optional.of(issue(connection, drafts.purchase(event.accountId(), event.occurredAt(), event.payload(), customer, email)));
        });
        issued.ifPresent(invoice -> mailer.send(invoice.number()));
        return issued;
    }

    /** A credit note for a refund, against the payment's current invoice; empty for a redelivery. */
    public Optional<Invoice> onRefund(EventEnvelope<CreditsRefunded> event) throws SQLException {
        Optional<Invoice> issued = inTransaction(connection -> {
            if (!InvoiceStore.markProcessed(connection, event.eventId(), event.type())) {
                return Optional.empty();
            }
            Invoice original = lockCurrentInvoiceOfPayment(connection, event.payload().paymentId());
            return Optional.of(issue(connection, drafts.refund(original, event.payload())));
        });
        issued.ifPresent(note -> mailer.send(note.number()));
        return issued;
    }

    /**
     * Cancels an invoice with a credit note and issues it again with the billing block in force now: two
     * consecutive numbers of the same series, in one transaction.
     */
    public Reissue reissue(String accountId, String number) throws SQLException {
        Reissue reissue = inTransaction(connection -> {
            Invoice original = InvoiceStore.byNumber(connection, number, true)
                    .filter(invoice -> invoice.accountId().equals(accountId))
                    .orElseThrow(() -> new PaymentsProblem(404, "urn:tollgate:problem:no-invoice", "Not found",
                            "account " + accountId + " has no invoice " + number));
            if (original.kind() != Invoice.Kind.INVOICE) {
                throw conflict(number + " is a credit note; only invoices are reissued");
            }
            if (InvoiceStore.isCancelled(connection, number)) {
                throw conflict(number + " was already reissued; reissue its replacement instead");
            }
            BillingProfile profile = profiles.current(connection, accountId)
                    .orElseThrow(() -> conflict("account " + accountId + " has no billing profile to reissue with"));
            Invoice creditNote = issue(connection, drafts.cancellation(original));
            Invoice replacement = issue(connection, drafts.replacement(original, profile.block(), profile.email()));
            return new Reissue(creditNote, replacement);
        });
        mailer.send(reissue.creditNote().number());
        mailer.send(reissue.invoice().number());
        return reissue;
    }

    public List<Invoice> ofAccount(String accountId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return InvoiceStore.ofAccount(connection, accountId);
        }
    }

    public Optional<byte[]> pdf(String accountId, String number) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return InvoiceStore.pdf(connection, accountId, number);
        }
    }

    /**
     * The payment's invoice in force, locked against a concurrent reissue. A reissue that committed while
     * this transaction waited for the lock has cancelled it: the check after the lock (a new snapshot)
     * sees that, and the replacement is taken instead.
     */
    private static Invoice lockCurrentInvoiceOfPayment(Connection connection, String paymentId) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Invoice current = InvoiceStore.currentInvoiceOfPayment(connection, paymentId)
                    .orElseThrow(() -> new IllegalStateException("no invoice for refunded payment " + paymentId));
            InvoiceStore.byNumber(connection, current.number(), true);
            if (!InvoiceStore.isCancelled(connection, current.number())) {
                return current;
            }
        }
        throw new IllegalStateException("the invoice of payment " + paymentId + " keeps being reissued");
    }

    private Invoice issue(Connection connection, Invoice draft) throws SQLException {
        int year = LocalDate.ofInstant(Instant.now(), InvoiceDrafts.SELLER_ZONE).getYear();
        InvoiceNumbers.Number number = InvoiceNumbers.next(connection, series, year);
        // dated after the counter lock, so dates follow numbers
        Invoice invoice = draft.numbered(number.text(), Instant.now());
        InvoiceStore.insert(connection, invoice, number, InvoicePdf.render(invoice));
        return invoice;
    }

    private static PaymentsProblem conflict(String detail) {
        return new PaymentsProblem(409, "urn:tollgate:problem:invoice-conflict", "Conflict", detail);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
