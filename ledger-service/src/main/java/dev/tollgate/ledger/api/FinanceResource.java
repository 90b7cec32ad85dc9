package dev.tollgate.ledger.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


import dev.tollgate.ledger.finance.CsvExports;
import dev.tollgate.ledger.finance.FinanceQueries;
import dev.tollgate.ledger.finance.FinanceQueries.PeriodUnit;
import dev.tollgate.ledger.finance.FinanceReports.AsOfBalance;
import dev.tollgate.ledger.finance.FinanceReports.ClosedAccount;
import dev.tollgate.ledger.finance.FinanceReports.DailySummary;
import dev.tollgate.ledger.finance.FinanceReports.Liability;
import dev.tollgate.ledger.finance.FinanceReports.RevenueReport;
import dev.tollgate.ledger.finance.FinanceReports.Statement;
import dev.tollgate.ledger.finance.FinanceReports.TrialBalance;
import dev.tollgate.ledger.finance.FinanceReports.VatReport;
import dev.tollgate.ledger.projection.ProjectionRebuild;
import dev.tollgate.ledger.projection.RebuildReport;
import dev.tollgate.ledger.security.Roles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Finance and customer reads of the books, and the projection rebuild (manual adjustments: {@link AdjustmentResource};
 * closing an account: {@link AccountClosureResource}).
 * A {@code finance} token sees every account; an {@code account:<id>} token only its own account's
 * balance, statement and daily summaries. Times are ISO-8601 instants or dates (midnight UTC).
 */
@Path("/finance")
@Produces(MediaType.APPLICATION_JSON)
public class FinanceResource {

    private static final String CSV = "text/csv";

    private final FinanceQueries queries;
    private final DataSource dataSource;
    private final SecurityIdentity identity;

    public FinanceResource(FinanceQueries queries, DataSource dataSource, SecurityIdentity identity) {
        this.queries = queries;
        this.dataSource = dataSource;
        this.identity = identity;
    }

    @GET
    @Path("/accounts/{accountId}/balance")
    @Authenticated
    public AsOfBalance balanceAsOf(@PathParam("accountId") String accountId, @QueryParam("asOf") String asOf) throws SQLException {
        requireAccess(accountId);
        requireAccount(accountId);
        return queries.balanceAsOf(accountId, asOf == null ? Instant.now() : instant("asOf", asOf));
    }

    @GET
    @Path("/accounts/{accountId}/statement")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Authenticated
    public Response statement(@PathParam("accountId") String accountId, @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("format") String format) throws SQLException {
        requireAccess(accountId);
        requireAccount(accountId);
        Statement statement = queries.statement(accountId, instant("from", required("from", from)), instant("to", required("to", to)));
        return asCsv(format) ? csv(CsvExports.statement(statement), "statement-" + accountId) : Response.ok(statement).build();
    }

    @GET
    @Path("/accounts/{accountId}/daily-summaries")
    @Authenticated
    public List<DailySummary> dailySummaries(@PathParam("accountId") String accountId, @QueryParam("from") String from,
                                             @QueryParam("to") String to) throws SQLException {
        requireAccess(accountId);
        requireAccount(accountId);
        Instant start = instant("from", required("from", from));
        Instant end = instant("to", required("to", to));
        period(start, end);
        return queries.dailySummaries(accountId, start, end);
    }

    /**
     * Closed accounts with when, why and by whom, and their balance now; {@code unsettled=true}: only those whose
     * balance is not zero (a payment or a usage charge recorded after closing), which finance settles.
     */
    @GET
    @Path("/closed-accounts")
    @RolesAllowed(Roles.FINANCE)
    public List<ClosedAccount> closedAccounts(@QueryParam("unsettled") boolean unsettledOnly) throws SQLException {
        return queries.closedAccounts(unsettledOnly);
    }

    @GET
    @Path("/liability")
    @RolesAllowed(Roles.FINANCE)
    public Liability liability(@QueryParam("asOf") String asOf) throws SQLException {
        return queries.liabilityAsOf(asOf == null ? Instant.now() : instant("asOf", asOf));
    }

    /** The books as of an instant (default now): debits, credits and balance of every book account; debits equal credits. */
    @GET
    @Path("/trial-balance")
    @RolesAllowed(Roles.FINANCE)
    public TrialBalance trialBalance(@QueryParam("asOf") String asOf) throws SQLException {
        return queries.trialBalance(asOf == null ? Instant.now() : instant("asOf", asOf));
    }

    @GET
    @Path("/revenue")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed(Roles.FINANCE)
    public Response revenue(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("period") String period,
                            @QueryParam("format") String format) throws SQLException {
        Instant start = instant("from", required("from", from));
        Instant end = instant("to", required("to", to));
        period(start, end);
        RevenueReport report = queries.revenue(start, end, unit(period));
        return asCsv(format) ? csv(CsvExports.revenue(report), "revenue") : Response.ok(report).build();
    }

    @GET
    @Path("/vat")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed(Roles.FINANCE)
    public Response vat(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("period") String period,
                        @QueryParam("format") String format) throws SQLException {
        Instant start = instant("from", required("from", from));
        Instant end = instant("to", required("to", to));
        period(start, end);
        VatReport report = queries.vat(start, end, unit(period));
        return asCsv(format) ? csv(CsvExports.vat(report), "vat") : Response.ok(report).build();
    }

    /** Drops the balance projection, rebuilds it from the log and reports whether it came back identical. */
    @POST
    @Path("/projections/rebuild")
    @RolesAllowed(Roles.FINANCE)
    public RebuildReport rebuildProjections() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return ProjectionRebuild.rebuild(connection);
        }
    }

    private void requireAccess(String accountId) {
        if (!identity.hasRole(Roles.FINANCE) && !identity.hasRole(Roles.account(accountId))) {
            throw new ForbiddenException();
        }
    }

    private void requireAccount(String accountId) throws SQLException {
        if (!queries.accountExists(accountId)) {
            throw new Problem.NotFound("no account " + accountId);
        }
    }

    private static boolean asCsv(String format) {
        if (format == null || format.equalsIgnoreCase("json")) {
            return false;
        }
        if (format.equalsIgnoreCase("csv")) {
            return true;
        }
        throw new Problem.BadRequest("format must be json or csv, was " + format);
    }

    private static Response csv(String body, String name) {
        return Response.ok(body, CSV).header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"").build();
    }

    private static PeriodUnit unit(String period) {
        if (period == null || period.equalsIgnoreCase("month")) {
            return PeriodUnit.MONTH;
        }
        if (period.equalsIgnoreCase("day")) {
            return PeriodUnit.DAY;
        }
        throw new Problem.BadRequest("period must be day or month, was " + period);
    }

    private static void period(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new Problem.BadRequest("from must be before to");
        }
    }

    private static String required(String name, String value) {
        if (blank(value)) {
            throw new Problem.BadRequest(name + " is required (ISO-8601 instant or date)");
        }
        return value;
    }

    private static Instant instant(String name, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException invalid) {
            throw new Problem.BadRequest(name + " must be an ISO-8601 instant or date, was " + value);
        }
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
