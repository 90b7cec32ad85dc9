package dev.tollgate.payments.invoicing;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tollgate.access.AccountAccess;
import dev.tollgate.payments.api.PaymentsProblem;
import dev.tollgate.payments.security.Roles;

/** An account's invoices and credit notes: the list, each PDF, and reissue with a corrected billing block. */
@Path("/accounts/{accountId}/invoices")
public class InvoiceResource {

    public record InvoiceSummary(String number, Invoice.Kind kind, Invoice.Reason reason, Instant issuedAt, String relatedNumber,
                                 String paymentId, String currency, long netCents, BigDecimal vatRatePercent, long vatCents,
                                 long grossCents, String vatMention, String customerLegalName) {
        static InvoiceSummary of(Invoice invoice) {
            return new InvoiceSummary(invoice.number(), invoice.kind(), invoice.reason(), invoice.issuedAt(), invoice.relatedNumber(),
                    invoice.paymentId(), invoice.currency(), invoice.netCents(), invoice.vatRatePercent(), invoice.vatCents(),
                    invoice.grossCents(), invoice.vatMention(), invoice.customer().legalName());
        }
    }

    public record ReissueView(InvoiceSummary creditNote, InvoiceSummary invoice) {
    }

    private final Invoicing invoicing;
    private final AccountAccess access;

    public InvoiceResource(Invoicing invoicing, AccountAccess access) {
        this.invoicing = invoicing;
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<InvoiceSummary> list(@PathParam("accountId") String accountId) throws SQLException {
        access.require(accountId, Roles.OPERATOR, Roles.FINANCE);
        return invoicing.ofAccount(accountId).stream().map(InvoiceSummary::of).toList();
    }

    @GET
    @Path("/{number: [A-Za-z0-9-]+}.pdf")
    @Produces("application/pdf")
    public Response pdf(@PathParam("accountId") String accountId, @PathParam("number") String number) throws SQLException {
        access.require(accountId, Roles.OPERATOR, Roles.FINANCE);
        byte[] pdf = invoicing.pdf(accountId, number).orElseThrow(() -> new PaymentsProblem(404,
                "urn:tollgate:problem:no-invoice", "Not found", "account " + accountId + " has no invoice " + number));
        return Response.ok(pdf, "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"" + number + ".pdf\"").build();
    }

    @POST
    @Path("/{number}/reissue")
    @Produces(MediaType.APPLICATION_JSON)
    public ReissueView reissue(@PathParam("accountId") String accountId, @PathParam("number") String number) throws SQLException {
        access.require(accountId, Roles.OPERATOR);
        Invoicing.Reissue reissue = invoicing.reissue(accountId, number);
        return new ReissueView(InvoiceSummary.of(reissue.creditNote()), InvoiceSummary.of(reissue.invoice()));
    }
}
