package io.agentmesh.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket upgrade to {@code /mesh} written by hand on a plain {@link Socket} (RFC 6455 §4, §5), for
 * tests that open thousands of sockets: no client library, no thread per socket. It offers
 * {@code agentmesh.v1}, from a chosen local address (any of 127.0.0.0/8 on Linux, to act as several
 * hosts), reads the status line of the answer, and then, after a 101, sends masked binary messages and
 * reads the server's frames (a binary message, or the close code).
 */
public final class SocketUpgrade implements AutoCloseable {

    /**
     * What the server sent: a binary message, or a close with its code and reason (-1 and "" when the
     * connection ended without one).
     */
    public record Frame(byte[] binary, int closeCode, String closeReason) {
        public boolean isClose() {
            return binary == null;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private volatile boolean answerPings = true;
    private final int status;

    private SocketUpgrade(Socket socket, int status) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /**
     * Connects from {@code localAddress} to {@code 127.0.0.1:port}, sends the upgrade request and reads
     * the answer's head; the socket stays open whatever the status (close it).
     */
    public static SocketUpgrade open(String localAddress, int port) throws IOException {
        return open(localAddress, port, "13");
    }

    /** As {@link #open(String, int)} with {@code version} as {@code Sec-WebSocket-Version} (13 is RFC 6455's). */
    public static SocketUpgrade open(String localAddress, int port, String version) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET /mesh HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                    + "\r\nSec-WebSocket-Version: " + version + "\r\nSec-WebSocket-Protocol: agentmesh.v1\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new SocketUpgrade(socket, readHead(socket.getInputStream()));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads the response head up to the blank line (byte by byte, so no frame byte is consumed); returns the status. */
    private static int readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended in the response head: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        String statusLine = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ");
        if (parts.length < 2) {
            throw new IOException("bad status line: " + statusLine);
        }
        return Integer.parseInt(parts[1]);
    }

    /** The HTTP status of the upgrade's answer: 101 when upgraded. */
    public int status() {
        return status;
    }

    /** How long {@link #receive()} waits for the server (30 s at first); 0 waits until {@link #close()}. */
    public void readTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    /** Sends one binary message as one masked frame. */
    public void sendBinary(byte[] payload) throws IOException {
        send(0x2, payload);
    }

    /** Sends a close frame with {@code code} and {@code reason}. */
    public void sendClose(int code, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        send(0x8, ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array());
    }

    /**
     * Whether {@link #receive()} answers a Ping with a Pong, as RFC 6455 §5.5.2 asks (by default); a test
     * turns it off to play a peer that has gone silent.
     */
    public void answerPings(boolean answer) {
        answerPings = answer;
    }

    /** Sends one masked frame with FIN set (whole, so that a Pong from the reading thread never splits a message). */
    private synchronized void send(int opcode, byte[] payload) throws IOException {
        int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + payload.length).put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        out.write(frame.array());
        out.flush();
    }

    /** The next binary message (its fragments joined) or close of the server; a Ping is answered (see {@link #answerPings}), a Pong skipped. */
    public Frame receive() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first;
            try {
                first = in.readUnsignedByte();
            } catch (EOFException e) {
                return new Frame(null, -1, "");
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            int opcode = first & 0x0f;
            if (opcode == 0x8) {
                return payload.length < 2 ? new Frame(null, 1005, "")
                        : new Frame(null, ((payload[0] & 0xff) << 8) | (payload[1] & 0xff),
                                new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
            }
            if (opcode == 0x9 && answerPings) {
                send(0xA, payload);
            }
            if (opcode == 0x2 || opcode == 0x0) {
                message.writeBytes(payload);
                if ((first & 0x80) != 0) {
                    return new Frame(message.toByteArray(), 0, "");
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
