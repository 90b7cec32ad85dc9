package dev.tollgate.payments.billing;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.tollgate.access.AccountAccess;
import dev.tollgate.payments.api.PaymentsProblem;
import dev.tollgate.payments.security.Roles;
import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatRates;

/**
 * An account's billing profile: read the one in force, or set a new one that applies to invoices from
 * now on (earlier invoices keep their block). The account's own token or an operator.
 */
@Path("/accounts/{accountId}/billing-profile")
@Produces(MediaType.APPLICATION_JSON)
public class BillingProfileResource {

    public record BillingProfileRequest(String legalName, List<String> addressLines, String postcode, String city,
                                        String country, String vatNumber, String email, Boolean business) {
    }

    public record BillingProfileView(String accountId, Instant validFrom, String legalName, List<String> addressLines,
                                     String postcode, String city, String country, String vatNumber, String email,
                                     boolean business) {
        static BillingProfileView of(BillingProfile profile) {
            BillingBlock block = profile.block();
            return new BillingProfileView(profile.accountId(), profile.validFrom(), block.legalName(), block.addressLines(),
                    block.postcode(), block.city(), block.country(), block.vatNumber(), profile.email(), block.business());
        }
    }

    private final BillingProfiles profiles;
    private final BillingProfileValidation validation;
    private final AccountAccess access;

    public BillingProfileResource(BillingProfiles profiles, VatRates rates, AccountAccess access) {
        this.profiles = profiles;
        this.validation = new BillingProfileValidation(rates);
        this.access = access;
    }

    @GET
    public BillingProfileView current(@PathParam("accountId") String accountId) throws SQLException {
        access.require(accountId, Roles.OPERATOR, Roles.FINANCE);
        return profiles.current(accountId).map(BillingProfileView::of)
                .orElseThrow(() -> new PaymentsProblem(404, "urn:tollgate:problem:no-billing-profile", "Not found",
                        "account " + accountId + " has no billing profile"));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public BillingProfileView update(@PathParam("accountId") String accountId, BillingProfileRequest request) throws SQLException {
        access.require(accountId, Roles.OPERATOR);
        if (request == null) {
            throw PaymentsProblem.badRequest("a billing profile is required");
        }
        if (request.business() == null) {
            throw PaymentsProblem.badRequest("business (true or false) is required");
        }
        if (request.addressLines() != null && request.addressLines().stream().anyMatch(line -> line == null)) {
            throw PaymentsProblem.badRequest("addressLines must not contain null");
        }
        String vatNumber = request.vatNumber() == null || request.vatNumber().isBlank() ? null : request.vatNumber();
        BillingBlock block = new BillingBlock(request.legalName(), request.addressLines(), request.postcode(), request.city(),
                request.country() == null ? "" : request.country(), vatNumber, request.business());
        List<String> problems = validation.problems(block, request.email());
        if (!problems.isEmpty()) {
            throw PaymentsProblem.badRequest(String.join("; ", problems));
        }
        return BillingProfileView.of(profiles.save(accountId, block, request.email(), access.principal()));
    }
}
