package dev.tollgate.metering.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.tollgate.testing.TollgateServersResource;

/** The database itself keeps the catalogue append-only, whatever code talks to it. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class PriceCatalogueTableTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void priceRowsAreNeverUpdated() {
        assertThatThrownBy(() -> execute("update model_price set upstream_prompt_per_million = 0 where model = 'sim-budget'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("never updated");
    }

    @Test
    void aVersionThatWasInForceIsNeverDeleted() {
        assertThatThrownBy(() -> execute("delete from model_price where version = 'sim-light@2026-01-01'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("cannot be deleted");
    }

    @Test
    void aScheduledVersionNotYetInForceCanBeWithdrawn() throws SQLException {
        execute("""
                insert into model_price (model, provider, currency, tier,
                    upstream_prompt_per_million, upstream_cached_prompt_per_million, upstream_completion_per_million,
                    platform_fee_prompt_per_million, platform_fee_completion_per_million, effective_from, version)
                values ('sim-light', 'simulator', 'EUR', 'light', 0.60, 0.30, 1.80, 0.05, 0.15,
                        '2199-01-01T00:00:00Z', 'sim-light@2199-01-01-withdrawn')""");

        assertThat(execute("delete from model_price where version = 'sim-light@2199-01-01-withdrawn'")).isEqualTo(1);
    }

    @Test
    void feeVersionsAndExchangeRatesAreAppendOnlyToo() {
        assertThatThrownBy(() -> execute("update platform_fee set prompt_per_million = 0 where model = 'sim-budget'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("platform_fee rows are never updated");
        assertThatThrownBy(() -> execute("delete from platform_fee where version = 'sim-light-fee@2026-01-01'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("cannot be deleted");
        assertThatThrownBy(() -> execute("update exchange_rate set rate = 1 where version = 'USD-EUR@2026-01-01'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("exchange_rate rows are never updated");
    }

    private int execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "metering", "metering");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return statement.getUpdateCount();
        }
    }
}
