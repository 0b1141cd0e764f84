package io.agentmesh.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    /** A frame the server sent: a binary message, or a close with its code (-1 when the connection ended). */
    public record Frame(byte[] binary, int closeCode) {
        public boolean isClose() {
            return binary == null;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
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

    /** Sends one binary message as one masked frame. */
    public void sendBinary(byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x82);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next binary message or close of the server (its frames are not fragmented); a ping is skipped. */
    public Frame receive() throws IOException {
        while (true) {
            int first;
            try {
                first = in.readUnsignedByte();
            } catch (EOFException e) {
                return new Frame(null, -1);
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
                return new Frame(null, payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005);
            }
            if (opcode == 0x2) {
                return new Frame(payload, 0);
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
