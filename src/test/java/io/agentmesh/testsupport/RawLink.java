package io.agentmesh.testsupport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.transport.IdentityPayload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * A link to a node driven by hand over a {@link MeshSocket} (the JDK's {@link RawMeshClient}, or a
 * {@link SocketMeshClient} from a chosen local address): the test's own Noise initiator
 * ({@link NoisePeer}) with a fresh identity, able to complete the handshake, exchange JSON-RPC
 * messages, or misbehave at any step.
 */
public final class RawLink implements AutoCloseable {

    private final MeshSocket socket;
    private final NoisePeer noise;
    private IdentityPayload nodePayload;

    private RawLink(MeshSocket socket) {
        this(socket, NodeIdentity.generate(new SecureRandom()));
    }

    private RawLink(MeshSocket socket, NodeIdentity identity) {
        this.socket = socket;
        this.noise = new NoisePeer(identity, true, new SecureRandom());
    }

    /** Connects (WebSocket only; no handshake message sent yet). */
    public static RawLink connect(String url) throws Exception {
        return new RawLink(RawMeshClient.connect(url));
    }

    /** Connects and completes the handshake; fails unless the node is {@code expected} (when not null). */
    public static RawLink open(String url, NodeId expected) throws Exception {
        return new RawLink(RawMeshClient.connect(url)).handshake(expected);
    }

    /** As {@link #open(String, NodeId)}, as {@code identity}: for a test peer with several links. */
    public static RawLink open(String url, NodeId expected, NodeIdentity identity) throws Exception {
        return new RawLink(RawMeshClient.connect(url), identity).handshake(expected);
    }

    /**
     * Connects from {@code localAddress} to {@code 127.0.0.1:port} on a plain socket and completes the
     * handshake; fails unless the node answers 101 and is {@code expected} (when not null).
     */
    public static RawLink open(String localAddress, int port, NodeId expected) throws Exception {
        RawLink link = new RawLink(SocketMeshClient.connect(localAddress, port));
        try {
            return link.handshake(expected);
        } catch (Exception | AssertionError e) {
            link.close();
            throw e;
        }
    }

    private RawLink handshake(NodeId expected) throws Exception {
        sendMessage1();
        readMessage2();
        if (expected != null && !expected.equals(nodePayload.nodeId())) {
            throw new AssertionError("dialed " + expected + ", found " + nodePayload.nodeId());
        }
        sendMessage3(noise.identityPayload());
        return this;
    }

    /** The socket under this link. */
    public MeshSocket socket() {
        return socket;
    }

    /** The JDK client under this link, for what only it does (text, a chosen close, not reading). */
    public RawMeshClient client() {
        if (socket instanceof RawMeshClient client) {
            return client;
        }
        throw new IllegalStateException("a link on " + socket.getClass().getSimpleName() + ", not the JDK client");
    }

    public NoisePeer noise() {
        return noise;
    }

    public void sendMessage1() throws Exception {
        socket.sendBinary(noise.write(new byte[0]));
    }

    /** Reads message 2 and checks the node's identity payload against the static key it sent. */
    public IdentityPayload readMessage2() throws Exception {
        nodePayload = IdentityPayload.parse(noise.read(socket.receiveBinary()));
        nodePayload.verify(noise.remoteStaticPublicKey());
        return nodePayload;
    }

    public void sendMessage3(byte[] payload) throws Exception {
        socket.sendBinary(noise.write(payload));
    }

    /** The node's identity payload (after message 2). */
    public IdentityPayload nodePayload() {
        return nodePayload;
    }

    /** Sends one application message as one FINAL transport message. */
    public void send(String json) throws Exception {
        socket.sendBinary(noise.encryptFinal(json));
    }

    /**
     * Receives the next application message other than a route announcement ({@code node/routes}),
     * which a node sends on every link unasked.
     */
    public String receive() throws Exception {
        while (true) {
            String message = receiveAny();
            if (!isRouteAnnouncement(message)) {
                return message;
            }
        }
    }

    private static boolean isRouteAnnouncement(String message) {
        try (var reader = Json.createReader(new StringReader(message))) {
            jakarta.json.JsonValue value = reader.readValue();
            return value instanceof JsonObject o && !o.containsKey("id")
                    && "node/routes".equals(o.getString("method", null));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Receives the next application message, whatever it is (reassembling chunks). */
    public String receiveAny() throws Exception {
        return rest(socket.receiveBinary());
    }

    /** The next application message, whatever it is, or empty when none begins within {@code wait}. */
    public Optional<String> poll(Duration wait) throws Exception {
        byte[] first = socket.pollBinary(wait);
        return first == null ? Optional.empty() : Optional.of(rest(first));
    }

    /** The application message that transport message {@code first} begins. */
    private String rest(byte[] first) throws Exception {
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        byte[] next = first;
        while (true) {
            byte[] plain = noise.decrypt(next);
            message.write(plain, 1, plain.length - 1);
            if ((plain[0] & 1) != 0) {
                return message.toString(StandardCharsets.UTF_8);
            }
            next = socket.receiveBinary();
        }
    }

    /**
     * Sends request {@code id} of {@code method} with object {@code params} (JSON text) and returns its
     * answer, passing over what the node sends meanwhile (see {@link #answer}).
     */
    public JsonObject call(int id, String method, String params) throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        return answer(id);
    }

    /** Waits for the answer to request {@code id}, passing over everything else (the node's own requests, notifications). */
    public JsonObject answer(int id) throws Exception {
        while (true) {
            JsonObject message = Json.createReader(new StringReader(receive())).readObject();
            if (!message.containsKey("method") && message.containsKey("id")
                    && message.get("id").getValueType() == JsonValue.ValueType.NUMBER
                    && message.getJsonNumber("id").intValue() == id) {
                return message;
            }
        }
    }

    /** Sends {@code node/ping} with {@code id} and returns the response. */
    public String ping(int id) throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"node/ping\"}");
        return receive();
    }

    /** A copy of {@code bytes} with one bit flipped at {@code index}. */
    public static byte[] flip(byte[] bytes, int index) {
        byte[] copy = Arrays.copyOf(bytes, bytes.length);
        copy[index] ^= 1;
        return copy;
    }

    @Override
    public void close() {
        socket.close();
    }
}
