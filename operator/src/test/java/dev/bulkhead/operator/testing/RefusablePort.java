package dev.bulkhead.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback port in front of a real server (Prometheus) that a test can close and open again: while refused, a
 * connection attempt gets a TCP reset (connection refused) and open connections are cut, exactly as when the server's
 * process is down. Plain byte forwarding; no protocol is touched.
 */
public final class RefusablePort implements AutoCloseable {

    private final URI target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "refusable-port");
        t.setDaemon(true);
        return t;
    });
    private ServerSocket server;

    private RefusablePort(URI target, int port) {
        this.target = target;
        this.port = port;
    }

    /** Opens a free loopback port forwarding to {@code target}'s host and port. */
    public static RefusablePort to(URI target) {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RefusablePort port = new RefusablePort(target, probe.getLocalPort());
            probe.close();
            port.open();
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same URI as the target's, on this port. */
    public URI uri() {
        return URI.create(target.getScheme() + "://127.0.0.1:" + port + (target.getPath() == null ? "" : target.getPath()));
    }

    /** Accepts connections again (on the same port). */
    public synchronized void open() throws IOException {
        if (server != null && !server.isClosed()) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        threads.submit(() -> accept(s));
    }

    /** Closes the port and cuts every open connection: from now on, connection refused. */
    public synchronized void refuse() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                threads.submit(() -> pipe(client, upstream));
                threads.submit(() -> pipe(upstream, client));
            } catch (IOException e) {
                // closed by refuse(), or the target went away: the loop ends or goes on accepting
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // a cut connection
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        refuse();
        threads.shutdownNow();
    }
}
