package dev.tollgate.router.controlplane.api;

/** An RFC 7807 problem detail, served as {@code application/problem+json}. */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
