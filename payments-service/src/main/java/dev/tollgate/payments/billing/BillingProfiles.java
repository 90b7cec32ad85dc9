package dev.tollgate.payments.billing;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatNumberFormats;

/**
 * Billing profiles with their history ({@code billing_profile_version}). Saving adds a version valid from
 * the database's clock; earlier versions stay as they were, so an invoice for a past payment shows the
 * block that was in force at that payment.
 */
@ApplicationScoped
public class BillingProfiles {

    private static final String COLUMNS = "account_id, valid_from, legal_name, address_lines, postcode, city, country, "
            + "vat_number, email, business";

    private final DataSource dataSource;

    public BillingProfiles(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a new version, in force from now; the VAT number is stored normalised. */
    public BillingProfile save(String accountId, BillingBlock block, String email, String recordedBy) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into billing_profile_version (account_id, "
                     + "valid_from, legal_name, address_lines, postcode, city, country, vat_number, email, business, recorded_by) "
                     + "values (?, clock_timestamp(), ?, ?, ?, ?, ?, ?, ?, ?, ?) returning " + COLUMNS)) {
            insert.setString(1, accountId);
            insert.setString(2, block.legalName().trim());
            insert.setArray(3, connection.createArrayOf("text", block.addressLines().stream().map(String::trim).toArray()));
            insert.setString(4, block.postcode().trim());
            insert.setString(5, block.city().trim());
            insert.setString(6, block.country());
            insert.setString(7, block.vatNumber() == null || block.vatNumber().isBlank() ? null : VatNumberFormats.normalize(block.vatNumber()));
            insert.setString(8, email.trim());
            insert.setBoolean(9, block.business());
            insert.setString(10, recordedBy);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return read(row);
            }
        }
    }

    /** The version in force at {@code instant}: the latest one valid from that instant or before. */
    public Optional<BillingProfile> inForceAt(String accountId, Instant instant) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return inForceAt(connection, accountId, instant);
        }
    }

    public Optional<BillingProfile> inForceAt(Connection connection, String accountId, Instant instant) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS + " from billing_profile_version "
                + "where account_id = ? and valid_from <= ? order by valid_from desc limit 1")) {
            query.setString(1, accountId);
            query.setTimestamp(2, Timestamp.from(instant));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    /** The latest version (in force from now on). */
    public Optional<BillingProfile> current(String accountId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return current(connection, accountId);
        }
    }

    public Optional<BillingProfile> current(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS + " from billing_profile_version "
                + "where account_id = ? order by valid_from desc limit 1")) {
            query.setString(1, accountId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    private static BillingProfile read(ResultSet row) throws SQLException {
        Array lines = row.getArray("address_lines");
        List<String> addressLines = Arrays.stream((Object[]) lines.getArray()).map(String.class::cast).toList();
        BillingBlock block = new BillingBlock(row.getString("legal_name"), addressLines, row.getString("postcode"),
                row.getString("city"), row.getString("country"), row.getString("vat_number"), row.getBoolean("business"));
        return new BillingProfile(row.getString("account_id"), row.getTimestamp("valid_from").toInstant(), block, row.getString("email"));
    }
}
