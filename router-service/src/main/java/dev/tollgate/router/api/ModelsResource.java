package dev.tollgate.router.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.tollgate.router.routing.CatalogueView;
import dev.tollgate.router.routing.ModelListing;
import dev.tollgate.router.routing.RoutingProfile;

/**
 * OpenAI's model listing, limited to what the key's profile may use: {@code "auto"}, the tiers and the
 * catalogue's models (see {@link ModelListing}). Never billed and never calls an upstream; {@code HEAD}
 * answers the same status with no body, for health checks.
 */
@Path("/v1/models")
@RequiresApiKey
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** One model in OpenAI's shape, plus its tier (clients that do not know the field ignore it). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelObject(String id, String object, long created, @JsonProperty("owned_by") String ownedBy, String tier) {

        static ModelObject of(ModelListing.Listed listed) {
            return new ModelObject(listed.id(), "model", listed.created(), listed.ownedBy(),
                    listed.tier() == null ? null : listed.tier().id());
        }
    }

    public record ModelList(String object, List<ModelObject> data) {
    }

    private final CatalogueView catalogue;
    private final GatewayRequest gatewayRequest;

    public ModelsResource(CatalogueView catalogue, GatewayRequest gatewayRequest) {
        this.catalogue = catalogue;
        this.gatewayRequest = gatewayRequest;
    }

    @GET
    public ModelList list() {
        requireCatalogue();
        return new ModelList("list", ModelListing.forProfile(catalogue.all(), profile()).stream().map(ModelObject::of).toList());
    }

    @HEAD
    public Response listHead() {
        requireCatalogue();
        return Response.ok().build();
    }

    @GET
    @Path("/{id}")
    public ModelObject model(@PathParam("id") String id) {
        requireCatalogue();
        return ModelListing.find(catalogue.all(), profile(), id).map(ModelObject::of).orElseThrow(() -> notFound(id));
    }

    @HEAD
    @Path("/{id}")
    public Response modelHead(@PathParam("id") String id) {
        requireCatalogue();
        if (ModelListing.find(catalogue.all(), profile(), id).isEmpty()) {
            return Response.status(Status.NOT_FOUND).build();
        }
        return Response.ok().build();
    }

    private RoutingProfile profile() {
        return gatewayRequest.authenticatedOwner().profile();
    }

    private void requireCatalogue() {
        if (catalogue.isEmpty()) {
            throw new GatewayException(Status.SERVICE_UNAVAILABLE.getStatusCode(), OpenAiError.SERVER_ERROR, null,
                    "catalogue_unavailable", "The model catalogue is not available yet; please retry in a few seconds.");
        }
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(Status.NOT_FOUND.getStatusCode(), OpenAiError.INVALID_REQUEST, "model", "model_not_found",
                "The model '" + id + "' does not exist or you do not have access to it.");
    }
}
