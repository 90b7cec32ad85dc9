package dev.tollgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds ports nobody listens on, so parallel runs on one machine do not collide. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port free on the loopback interface right now (0 asks the OS to pick one). */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /** The requested port, or a free one when {@code requested} is 0. */
    public static int orFree(int requested) {
        return requested == 0 ? pick() : requested;
    }
}
