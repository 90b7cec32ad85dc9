package dev.tollgate.payments.invoicing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Gap-free numbers: {@code <series>-<year>-<000001>}, one sequence per series and year shared by invoices
 * and credit notes. The increment locks the counter row until the caller's transaction ends (the same
 * lock {@code select ... for update} would take), so concurrent issuers are serialised, and a rollback
 * returns the number: no gaps, no duplicates.
 */
public final class InvoiceNumbers {

    public record Number(String series, int year, long sequence) {
        public String text() {
            return String.format("%s-%d-%06d", series, year, sequence);
        }
    }

    private InvoiceNumbers() {
    }

    /** The next number; must run inside the transaction that inserts the document. */
    public static Number next(Connection connection, String series, int year) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("an invoice number must be taken inside the issuing transaction");
        }
        try (PreparedStatement increment = connection.prepareStatement("insert into invoice_counter (series, year, last_number) "
                + "values (?, ?, 1) on conflict (series, year) do update set last_number = invoice_counter.last_number + 1 "
                + "returning last_number")) {
            increment.setString(1, series);
            increment.setInt(2, year);
            try (ResultSet row = increment.executeQuery()) {
                row.next();
                return new Number(series, year, row.getLong(1));
            }
        }
    }
}
