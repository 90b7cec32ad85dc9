package dev.tollgate.metering.security;

import io.smallrye.config.ConfigMapping;

import dev.tollgate.access.AccessTokens;

/**
 * The bearer tokens of metering's API: {@code tollgate.metering.auth.tokens."<principal>".sha256} (SHA-256 hex
 * of the token) and {@code .roles} ({@link Roles}).
 */
@ConfigMapping(prefix = "tollgate.metering.auth")
public interface MeteringAccessTokens extends AccessTokens {
}
