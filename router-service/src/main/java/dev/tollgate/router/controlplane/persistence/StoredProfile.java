package dev.tollgate.router.controlplane.persistence;

import java.time.Instant;

import dev.tollgate.router.routing.RoutingProfile;

/** An account's routing profile with when it was created and last changed. */
public record StoredProfile(String accountId, RoutingProfile profile, Instant createdAt, Instant updatedAt) {
}
