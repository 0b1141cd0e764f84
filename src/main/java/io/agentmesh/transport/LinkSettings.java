package io.agentmesh.transport;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits and parameters of links (wire-v1 §2–4), validated at construction.
 *
 * @param maxMessageBytes    largest application message accepted, in data bytes; a larger one closes the
 *                           link with 1009 (wire-v1 §4). Default 8,388,608 (8 MiB). 0 .. 2^31 − 16.
 * @param handshakeTimeout   time from the WebSocket upgrade within which the handshake must finish, else
 *                           close 4004 (wire-v1 §3). Default 10 s. Positive.
 * @param software           this node's {@code software} member in its identity payload. Default
 *                           {@value #DEFAULT_SOFTWARE}. Non-blank, at most 128 bytes (UTF-8, wire-v1 §3).
 * @param advertisedAddrs    this node's {@code addrs} in its identity payload: {@code ws://} or
 *                           {@code wss://} URLs where it accepts links, as {@link MeshUrl#parse} reads
 *                           them, without a pinned node id; at most 16, each at most 256 bytes (wire-v1 §3,
 *                           {@link IdentityPayload#requireAddrs}). Default empty.
 * @param maxChunkData       data bytes per transport message this node sends, 1..65518; wire-v1 §4 says
 *                           a sender SHOULD use 65518. Default 65518.
 * @param sendTimeout        how long one transport message may take to be written to the socket before
 *                           the link is given up (closed 1001). Default 30 s. Positive.
 * @param connectTimeout     how long a dial may take up to the WebSocket upgrade. Default 10 s. Positive.
 * @param backoffInitial     first delay before redialing a bootstrap entry after a failed dial or a
 *                           dropped link; it doubles up to {@code backoffMax}. Default 1 s. Positive.
 * @param backoffMax         the longest delay between redials. Default 60 s. At least {@code backoffInitial}.
 * @param allowedOrigins     the {@code Origin} header values a WebSocket upgrade to {@code /mesh} may carry
 *                           (wire-v1 §2, {@link MeshUpgradeGate}), each as a browser sends it:
 *                           {@code scheme://host[:port]}, lowercase. Default empty: an upgrade with any
 *                           {@code Origin} is refused.
 * @param memoryBudget       bytes that the reassembly buffers and send queues of all links may hold
 *                           together ({@link MemoryBudget}; a link that would take more is closed, 1009 or
 *                           1011). Default 134,217,728 (128 MiB, a quarter of a 512 MiB heap). At least
 *                           {@link MemoryBudget#minimum} of {@code maxMessageBytes} (11,184,810 for 8 MiB):
 *                           incoming data may take three quarters of it, and must fit one message.
 * @param keepAlive          when an idle link is pinged, and when a silent one is closed ({@link KeepAlive}).
 *                           Default 10 s and 30 s.
 */
public record LinkSettings(
        int maxMessageBytes,
        Duration handshakeTimeout,
        String software,
        List<String> advertisedAddrs,
        int maxChunkData,
        Duration sendTimeout,
        Duration connectTimeout,
        Duration backoffInitial,
        Duration backoffMax,
        List<String> allowedOrigins,
        long memoryBudget,
        KeepAlive keepAlive) {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_SOFTWARE = "agentmesh-java/0.1.0";
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(60);
    public static final long DEFAULT_MEMORY_BUDGET = 128L * 1024 * 1024;

    public LinkSettings {
        if (maxMessageBytes < 0 || maxMessageBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxMessageBytes must be 0.." + (Integer.MAX_VALUE - 16) + ": " + maxMessageBytes);
        }
        requirePositive(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(software, "software");
        if (software.isBlank()) {
            throw new IllegalArgumentException("software must be non-blank");
        }
        IdentityPayload.requireSoftware(software);
        advertisedAddrs = List.copyOf(Objects.requireNonNull(advertisedAddrs, "advertisedAddrs"));
        for (String addr : advertisedAddrs) {
            MeshUrl.parse(addr);
        }
        IdentityPayload.requireAddrs(advertisedAddrs);
        if (maxChunkData < 1 || maxChunkData > MessageFragmenter.MAX_CHUNK_DATA) {
            throw new IllegalArgumentException("maxChunkData must be 1.." + MessageFragmenter.MAX_CHUNK_DATA + ": " + maxChunkData);
        }
        requirePositive(sendTimeout, "sendTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(backoffInitial, "backoffInitial");
        requirePositive(backoffMax, "backoffMax");
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax must be at least backoffInitial");
        }
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        allowedOrigins.forEach(MeshUpgradeGate::requireOrigin);
        if (memoryBudget < MemoryBudget.minimum(maxMessageBytes)) {
            throw new IllegalArgumentException("memoryBudget must be at least " + MemoryBudget.minimum(maxMessageBytes)
                    + " (4/3 of maxMessageBytes " + maxMessageBytes + "): " + memoryBudget);
        }
        Objects.requireNonNull(keepAlive, "keepAlive");
    }

    /** Every parameter at its default. */
    public static LinkSettings defaults() {
        return new LinkSettings(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SOFTWARE, List.of(),
                MessageFragmenter.MAX_CHUNK_DATA, DEFAULT_SEND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, List.of(), DEFAULT_MEMORY_BUDGET, KeepAlive.defaults());
    }

    public LinkSettings withMaxMessageBytes(int value) {
        return new LinkSettings(value, handshakeTimeout, software, advertisedAddrs, maxChunkData, sendTimeout,
                connectTimeout, backoffInitial, backoffMax, allowedOrigins, memoryBudget, keepAlive);
    }

    public LinkSettings withHandshakeTimeout(Duration value) {
        return new LinkSettings(maxMessageBytes, value, software, advertisedAddrs, maxChunkData, sendTimeout,
                connectTimeout, backoffInitial, backoffMax, allowedOrigins, memoryBudget, keepAlive);
    }

    public LinkSettings withSoftware(String value) {
        return new LinkSettings(maxMessageBytes, handshakeTimeout, value, advertisedAddrs, maxChunkData, sendTimeout,
                connectTimeout, backoffInitial, backoffMax, allowedOrigins, memoryBudget, keepAlive);
    }

    public LinkSettings withAdvertisedAddrs(List<String> value) {
        return new LinkSettings(maxMessageBytes, handshakeTimeout, software, value, maxChunkData, sendTimeout,
                connectTimeout, backoffInitial, backoffMax, allowedOrigins, memoryBudget, keepAlive);
    }

    public LinkSettings withMaxChunkData(int value) {
        return new LinkSettings(maxMessageBytes, handshakeTimeout, software, advertisedAddrs, value, sendTimeout,
                connectTimeout, backoffInitial, backoffMax, allowedOrigins, memoryBudget, keepAlive);
    }

    public LinkSettings withSendTimeout(Duration value) {
        return new LinkSettings(maxMessageBytes, handshakeTimeout, software, advertisedAddrs, maxChunkData, value,
                connectTimeout, backoffInitial, backoffMax, allowedOrigins, memoryBudget, keepAlive);
    }

    public LinkSettings withConnectTimeout(Duration value) {
        return new LinkSettings(maxMessageBytes, handshakeTimeout, software, advertisedAddrs, maxChunkData, sendTimeout,
                value, backoffInitial, backoffMax, allowedOrigins, memoryBudget, keepAlive);
    }

    public LinkSettings withBackoff(Duration initial, Duration max) {
        return new LinkSettings(maxMessageBytes, handshakeTimeout, software, advertisedAddrs, maxChunkData, sendTimeout,
                connectTimeout, initial, max, allowedOrigins, memoryBudget, keepAlive);
    }

    public LinkSettings withAllowedOrigins(List<String> value) {
        return new LinkSettings(maxMessageBytes, handshakeTimeout, software, advertisedAddrs, maxChunkData, sendTimeout,
                connectTimeout, backoffInitial, backoffMax, value, memoryBudget, keepAlive);
    }

    /** The message limit and the memory budget, which must hold one such message, set together. */
    public LinkSettings withMemory(int maxMessage, long budget) {
        return new LinkSettings(maxMessage, handshakeTimeout, software, advertisedAddrs, maxChunkData, sendTimeout,
                connectTimeout, backoffInitial, backoffMax, allowedOrigins, budget, keepAlive);
    }

    public LinkSettings withKeepAlive(KeepAlive value) {
        return new LinkSettings(maxMessageBytes, handshakeTimeout, software, advertisedAddrs, maxChunkData, sendTimeout,
                connectTimeout, backoffInitial, backoffMax, allowedOrigins, memoryBudget, value);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
