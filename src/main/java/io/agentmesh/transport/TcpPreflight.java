package io.agentmesh.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * Opens and closes a TCP connection to a dial's host and port before the container's WebSocket client
 * is given the dial, so that the expected failures of a mesh's network (connection refused, host
 * unreachable, unknown host, timed out) fail the dial here, as an {@link IOException} the node reports
 * in its own rate-limited way. Given such a dial, Liberty's client writes an FFDC incident and logs
 * {@code CWWKH0044E} for every attempt (docs/operations.md, "Log lines under floods"). A peer that is up
 * sees one extra connection that closes without a byte.
 */
final class TcpPreflight {

    private TcpPreflight() {
    }

    /**
     * Returns once a TCP connection to {@code url}'s host and port (by default 80 for {@code ws}, 443 for
     * {@code wss}) was opened, then closes it; blocks up to {@code timeout} for the connection and for
     * resolving the name.
     *
     * @throws IOException the connection could not be opened (for example {@code ConnectException},
     *                     {@code UnknownHostException}, {@code SocketTimeoutException})
     */
    static void check(URI url, Duration timeout) throws IOException {
        int port = url.getPort() != -1 ? url.getPort() : "wss".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), millis);
        }
    }
}
