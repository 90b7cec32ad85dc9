package dev.tollgate.router.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks the gateway's endpoints: {@link ApiKeyFilter} authenticates them and
 * {@link GatewayResponseHeaders} adds the request id and credit balance to their answers.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresApiKey {
}
