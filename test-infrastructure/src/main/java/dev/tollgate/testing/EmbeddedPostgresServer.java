package dev.tollgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server from the binaries shipped in a Maven artifact (zonky), started as a
 * child process into its own data folder, with {@code wal_level=logical} so Debezium can read it.
 * It never touches a PostgreSQL server that may already run on the machine.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser created by initdb; local only (trust authentication on loopback). */
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, boolean deleteDataDirOnClose) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
    }

    /** A fresh server in a temporary folder on a free port. */
    public static EmbeddedPostgresServer startTemporary() {
        return start(0, EmbeddedKafka.tempDir("tollgate-postgres-"), true);
    }

    /** A server on {@code port} (0 = any free port) keeping its data in {@code dataDir} (reused if present). */
    public static EmbeddedPostgresServer start(int port, Path dataDir, boolean deleteDataDirOnClose) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(FreePorts.orFree(port))
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "16")
                    .setServerConfig("max_replication_slots", "16")
                    .setServerConfig("max_connections", "200")
                    .start();
            return new EmbeddedPostgresServer(postgres, dataDir, deleteDataDirOnClose);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dataDir, e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * Creates one database per name, owned by a login role of the same name (password = name,
     * local use only). Roles get REPLICATION because Debezium streams from their databases.
     * Existing roles and databases are kept, so a launcher can restart on the same data.
     */
    public void createServiceDatabases(List<String> names) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            for (String name : names) {
                if (!exists(connection, "select 1 from pg_roles where rolname = ?", name)) {
                    statement.execute("create role " + name + " login replication password '" + name + "'");
                }
                if (!exists(connection, "select 1 from pg_database where datname = ?", name)) {
                    statement.execute("create database " + name + " owner " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create service databases " + names, e);
        }
    }

    /**
     * A login role that is not a database's owner (password = name, local use only), e.g. the role a
     * service runs as while its owner role only runs the migrations. Kept if it exists.
     */
    public record LoginRole(String name, boolean replication) {
    }

    /** Creates the roles that do not exist yet (nothing is granted here: each service's migrations grant what its roles need). */
    public void createRoles(List<LoginRole> roles) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            for (LoginRole role : roles) {
                if (!exists(connection, "select 1 from pg_roles where rolname = ?", role.name())) {
                    statement.execute("create role " + role.name() + " login" + (role.replication() ? " replication" : "")
                            + " password '" + role.name() + "'");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create roles " + roles, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A {@code postgresql://} URL that psql accepts. */
    public String uri(String user, String password, String database) {
        return "postgresql://" + user + ":" + password + "@" + host() + ":" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (deleteDataDirOnClose) {
                Folders.deleteRecursively(dataDir);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }
}
