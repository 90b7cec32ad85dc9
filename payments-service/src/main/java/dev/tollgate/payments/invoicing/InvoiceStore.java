package dev.tollgate.payments.invoicing;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatKind;

/** SQL for invoices, the invoicing inbox and pending e-mails, on the caller's connection (the caller owns the transaction). */
public final class InvoiceStore {

    private static final String COLUMNS = "number, kind, reason, account_id, issued_at, payment_id, payment_reference, "
            + "related_number, currency, credits_cents, fee_cents, net_cents, vat_rate_percent, vat_cents, gross_cents, vat_kind, "
            + "vat_country, vat_mention, customer_legal_name, customer_address_lines, customer_postcode, customer_city, "
            + "customer_country, customer_vat_number, customer_email, seller_lines";

    private InvoiceStore() {
    }

    /** @return false when the event was already processed (a redelivery: do nothing) */
    public static boolean markProcessed(Connection connection, java.util.UUID eventId, String eventType) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into invoicing_inbox (event_id, event_type) values (?, ?) on conflict do nothing")) {
            insert.setObject(1, eventId);
            insert.setString(2, eventType);
            return insert.executeUpdate() == 1;
        }
    }

    public static void insert(Connection connection, Invoice invoice, InvoiceNumbers.Number number, byte[] pdf) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into invoice (" + COLUMNS
                + ", series, year, sequence, pdf) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            BillingBlock customer = invoice.customer();
            int i = 1;
            insert.setString(i++, invoice.number());
            insert.setString(i++, invoice.kind().name());
            insert.setString(i++, invoice.reason().name());
            insert.setString(i++, invoice.accountId());
            insert.setTimestamp(i++, Timestamp.from(invoice.issuedAt()));
            insert.setString(i++, invoice.paymentId());
            insert.setString(i++, invoice.paymentReference());
            insert.setString(i++, invoice.relatedNumber());
            insert.setString(i++, invoice.currency());
            insert.setLong(i++, invoice.creditsCents());
            insert.setLong(i++, invoice.feeCents());
            insert.setLong(i++, invoice.netCents());
            insert.setBigDecimal(i++, invoice.vatRatePercent());
            insert.setLong(i++, invoice.vatCents());
            insert.setLong(i++, invoice.grossCents());
            insert.setString(i++, invoice.vatKind().name());
            insert.setString(i++, invoice.vatCountry());
            insert.setString(i++, invoice.vatMention());
            insert.setString(i++, customer.legalName());
            insert.setArray(i++, connection.createArrayOf("text", customer.addressLines().toArray()));
            insert.setString(i++, customer.postcode());
            insert.setString(i++, customer.city());
            insert.setString(i++, customer.country());
            insert.setString(i++, customer.vatNumber());
            insert.setString(i++, invoice.customerEmail());
            insert.setArray(i++, connection.createArrayOf("text", invoice.sellerLines().toArray()));
            insert.setString(i++, number.series());
            insert.setInt(i++, number.year());
            insert.setLong(i++, number.sequence());
            insert.setBytes(i, pdf);
            insert.executeUpdate();
        }
        if (invoice.customerEmail() != null) {
            try (PreparedStatement pending = connection.prepareStatement(
                    "insert into invoice_email (invoice_number, recipient, status) values (?, ?, 'PENDING')")) {
                pending.setString(1, invoice.number());
                pending.setString(2, invoice.customerEmail());
                pending.executeUpdate();
            }
        }
    }

    public static Optional<Invoice> byNumber(Connection connection, String number, boolean lock) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS + " from invoice where number = ?"
                + (lock ? " for update" : ""))) {
            query.setString(1, number);
            List<Invoice> found = read(query);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** The latest invoice (original or reissue) of a payment: the one a refund corrects. */
    public static Optional<Invoice> currentInvoiceOfPayment(Connection connection, String paymentId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS + " from invoice where payment_id = ? "
                + "and kind = 'INVOICE' and not exists (select 1 from invoice c where c.related_number = invoice.number "
                + "and c.reason = 'REISSUE_CANCELLATION') order by sequence desc limit 1")) {
            query.setString(1, paymentId);
            List<Invoice> found = read(query);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    public static boolean isCancelled(Connection connection, String number) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select 1 from invoice where related_number = ? and reason = 'REISSUE_CANCELLATION'")) {
            query.setString(1, number);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    public static List<Invoice> ofAccount(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS
                + " from invoice where account_id = ? order by issued_at, number")) {
            query.setString(1, accountId);
            return read(query);
        }
    }

    public static Optional<byte[]> pdf(Connection connection, String accountId, String number) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select pdf from invoice where account_id = ? and number = ?")) {
            query.setString(1, accountId);
            query.setString(2, number);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        }
    }

    private static List<Invoice> read(PreparedStatement query) throws SQLException {
        List<Invoice> invoices = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                BillingBlock customer = new BillingBlock(row.getString("customer_legal_name"), strings(row.getArray("customer_address_lines")),
                        row.getString("customer_postcode"), row.getString("customer_city"), row.getString("customer_country"),
                        row.getString("customer_vat_number"), row.getString("customer_vat_number") != null);
                invoices.add(new Invoice(row.getString("number"), Invoice.Kind.valueOf(row.getString("kind")),
                        Invoice.Reason.valueOf(row.getString("reason")), row.getString("account_id"),
                        row.getTimestamp("issued_at").toInstant(), row.getString("payment_id"), row.getString("payment_reference"),
                        row.getString("related_number"), row.getString("currency"), row.getLong("credits_cents"),
                        row.getLong("fee_cents"), row.getLong("net_cents"), row.getBigDecimal("vat_rate_percent"),
                        row.getLong("vat_cents"), row.getLong("gross_cents"), VatKind.valueOf(row.getString("vat_kind")),
                        row.getString("vat_country"), row.getString("vat_mention"), customer, row.getString("customer_email"),
                        strings(row.getArray("seller_lines"))));
            }
        }
        return invoices;
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }
}
