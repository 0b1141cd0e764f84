package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link TcpPreflight} against real sockets on loopback. */
class TcpPreflightTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aListeningHostPassesAndSeesAConnectionClosedWithoutAByte() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI url = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/mesh");
            assertDoesNotThrow(() -> TcpPreflight.check(url, TIMEOUT));
            try (Socket accepted = server.accept()) {
                assertEquals(-1, accepted.getInputStream().read(), "closed without sending anything");
            }
        }
    }

    @Test
    void aPortWhereNothingListensFailsWithConnectException() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        URI url = URI.create("ws://127.0.0.1:" + port + "/mesh");
        assertThrows(ConnectException.class, () -> TcpPreflight.check(url, TIMEOUT));
    }

    @Test
    void aNameThatDoesNotResolveFailsWithUnknownHostException() {
        URI url = URI.create("wss://no-such-host.invalid/mesh");
        assertThrows(UnknownHostException.class, () -> TcpPreflight.check(url, TIMEOUT));
    }

    @Test
    void anIpv6LiteralIsDialedWithoutItsBrackets() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            URI url = URI.create("ws://[::1]:" + server.getLocalPort() + "/mesh");
            assertDoesNotThrow(() -> TcpPreflight.check(url, TIMEOUT));
        }
    }
}
