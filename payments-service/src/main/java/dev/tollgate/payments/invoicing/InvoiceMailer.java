package dev.tollgate.payments.invoicing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends the e-mails recorded with the documents ({@code invoice_email}, status PENDING), with the PDF
 * attached, and marks them SENT. The row is locked while sending, so the retry schedule and the sender
 * right after issuing never send the same e-mail at once; a failure leaves it PENDING for the next retry.
 * A crash between the SMTP hand-over and the commit sends that e-mail again: at least once, never lost.
 */
@ApplicationScoped
public class InvoiceMailer {

    private static final Logger LOG = Logger.getLogger(InvoiceMailer.class);
    private static final int RETRY_BATCH = 50;

    private final DataSource dataSource;
    private final Mailer mailer;

    public InvoiceMailer(DataSource dataSource, Mailer mailer) {
        this.dataSource = dataSource;
        this.mailer = mailer;
    }

    /** Sends the document's e-mail if it is still pending; never throws (a failure is retried later). */
    public void send(String invoiceNumber) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement pending = connection.prepareStatement("select e.recipient, i.kind, i.pdf from invoice_email e "
                    + "join invoice i on i.number = e.invoice_number where e.invoice_number = ? and e.status = 'PENDING' "
                    + "for update of e skip locked")) {
                pending.setString(1, invoiceNumber);
                try (ResultSet row = pending.executeQuery()) {
                    if (!row.next()) {
                        connection.rollback();
                        return;
                    }
                    String title = "INVOICE".equals(row.getString("kind")) ? "Invoice" : "Credit note";
                    String error = deliver(row.getString("recipient"), title, invoiceNumber, row.getBytes("pdf"));
                    record(connection, invoiceNumber, error);
                    connection.commit();
                }
            }
        } catch (SQLException e) {
            LOG.warnf("e-mail of %s not recorded, will be retried: %s", invoiceNumber, e.getMessage());
        }
    }

    @Scheduled(every = "${tollgate.payments.invoicing.email-retry-every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryPending() {
        List<String> numbers = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement pending = connection.prepareStatement(
                     "select invoice_number from invoice_email where status = 'PENDING' order by created_at limit " + RETRY_BATCH);
             ResultSet rows = pending.executeQuery()) {
            while (rows.next()) {
                numbers.add(rows.getString(1));
            }
        } catch (SQLException e) {
            LOG.warnf("pending invoice e-mails not read: %s", e.getMessage());
            return;
        }
        numbers.forEach(this::send);
    }

    private String deliver(String recipient, String title, String number, byte[] pdf) {
        try {
            mailer.send(Mail.withText(recipient, title + " " + number,
                    "Hello,\n\nplease find attached " + title.toLowerCase() + " " + number + " for your Tollgate credits.\n")
                    .addAttachment(number + ".pdf", pdf, "application/pdf"));
            return null;
        } catch (RuntimeException e) {
            LOG.warnf("e-mail of %s failed, will be retried: %s", number, e.getMessage());
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static void record(Connection connection, String number, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(error == null
                ? "update invoice_email set status = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = null where invoice_number = ?"
                : "update invoice_email set attempts = attempts + 1, last_error = ? where invoice_number = ?")) {
            if (error == null) {
                update.setString(1, number);
            } else {
                update.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
                update.setString(2, number);
            }
            update.executeUpdate();
        }
    }
}
