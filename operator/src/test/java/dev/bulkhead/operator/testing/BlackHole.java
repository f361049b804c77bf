package dev.bulkhead.operator.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dependency that accepts connections and never answers: a loopback TCP listener that holds every connection open
 * without reading or writing a byte, as a hung Prometheus (or a firewall that drops replies) looks to a client. The
 * worst kind of outage for a caller, since only its own timeout ends the wait. Closed by the test that started it.
 */
public final class BlackHole implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private BlackHole(ServerSocket listener) {
        this.listener = listener;
        this.acceptor = new Thread(this::accept, "black-hole-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free loopback port. */
    public static BlackHole open() {
        try {
            return new BlackHole(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback: " + e.getMessage(), e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Connections accepted so far (none was ever answered). */
    public int accepted() {
        return held.size();
    }

    private void accept() {
        try {
            while (!listener.isClosed()) {
                held.add(listener.accept());
            }
        } catch (IOException closed) {
            // close() ends the loop
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
        for (Socket socket : held) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
