package dev.tollgate.router.routing;

import java.util.Optional;

/** What a model can do, as the catalogue lists it and a profile may require it. */
public enum Capability {
    TOOLS("tools"), VISION("vision"), JSON_MODE("json_mode"), STREAMING("streaming");

    private final String id;

    Capability(String id) {
        this.id = id;
    }

    /** The capability's name in the catalogue and the control-plane API, e.g. {@code "json_mode"}. */
    public String id() {
        return id;
    }

    public static Optional<Capability> fromId(String id) {
        for (Capability capability : values()) {
            if (capability.id.equals(id)) {
                return Optional.of(capability);
            }
        }
        return Optional.empty();
    }
}
