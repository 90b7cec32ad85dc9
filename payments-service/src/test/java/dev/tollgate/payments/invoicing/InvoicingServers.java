package dev.tollgate.payments.invoicing;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.tollgate.testing.FreePorts;
import dev.tollgate.testing.LocalServers;
import dev.tollgate.testing.SharedServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The billing and invoicing tests' world: the shared real Kafka and PostgreSQL, and a real SMTP server
 * (GreenMail) that the Quarkus Mailer sends to (mock off). Started once per test JVM.
 */
public class InvoicingServers implements QuarkusTestResourceLifecycleManager {

    private static GreenMail smtp;

    public static synchronized GreenMail smtp() {
        return smtp;
    }

    @Override
    public synchronized Map<String, String> start() {
        LocalServers servers = SharedServers.get();
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(FreePorts.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        }
        return Map.of(
                "kafka.bootstrap.servers", servers.kafka().bootstrapServers(),
                "tollgate.postgres.host", servers.postgres().host(),
                "tollgate.postgres.port", Integer.toString(servers.postgres().port()),
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(smtp.getSmtp().getPort()),
                "quarkus.mailer.mock", "false");
    }

    @Override
    public void stop() {
        // the SMTP server outlives one Quarkus application; it stops at JVM exit
    }
}
