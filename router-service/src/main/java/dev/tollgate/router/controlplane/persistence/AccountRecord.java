package dev.tollgate.router.controlplane.persistence;

import java.time.Instant;

/** An account as stored: {@code status} is {@code active} or {@code suspended}. */
public record AccountRecord(String accountId, String name, String status, Instant createdAt) {
}
