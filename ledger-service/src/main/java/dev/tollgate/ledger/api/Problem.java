package dev.tollgate.ledger.api;

import jakarta.ws.rs.core.MediaType;

/** RFC 7807 problem details for this service's errors. */
public record Problem(String type, String title, int status, String detail) {

    public static final MediaType MEDIA_TYPE = MediaType.valueOf("application/problem+json");

    /** A request that is malformed or out of range; it changes nothing. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String detail) {
            super(detail);
        }
    }

    /** A resource that does not exist. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String detail) {
            super(detail);
        }
    }
}
