package io.agentmesh.testsupport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MessageDecodeException;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkListener;
import io.agentmesh.transport.LinkStats;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An established link in memory. It records every application message sent on it and, when paired
 * with another (see {@link #connect}), delivers them to the listener at the other end. Closing it
 * tells its owner's listener (and the other end's) {@code linkDown} once.
 */
public final class FakeLink implements Link {

    private static final JsonRpcCodec CODEC = new JsonRpcCodec();

    private final String id;
    private final NodeId peer;
    private final boolean outbound;
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile boolean open = true;
    private volatile int closeCode = -1;
    private volatile boolean silent;
    private volatile boolean binaryBoxes;
    private volatile Consumer<byte[]> remote;
    private volatile LinkListener owner;
    private volatile FakeLink otherEnd;

    public FakeLink(String id, NodeId peer, boolean outbound) {
        this.id = id;
        this.peer = peer;
        this.outbound = outbound;
    }

    /** A lone link to {@code peer}; the test plays the peer through {@link #sent()} and the owner's listener. */
    public static FakeLink to(NodeId peer, String id) {
        return new FakeLink(id, peer, true);
    }

    /** Both ends of a link between {@code a} and {@code b}; each listener is told linkUp for its end. */
    public static FakeLink[] connect(NodeId a, LinkListener aListener, NodeId b, LinkListener bListener) {
        String pair = shortId(a) + "-" + shortId(b) + "#" + java.util.UUID.randomUUID().toString().substring(0, 8);
        FakeLink atA = new FakeLink(pair + ">", b, true);
        FakeLink atB = new FakeLink(pair + "<", a, false);
        atA.owner = aListener;
        atB.owner = bListener;
        atA.otherEnd = atB;
        atB.otherEnd = atA;
        atA.remote = bytes -> bListener.message(atB, bytes);
        atB.remote = bytes -> aListener.message(atA, bytes);
        aListener.linkUp(atA);
        bListener.linkUp(atB);
        return new FakeLink[] {atA, atB};
    }

    private static String shortId(NodeId id) {
        return id.value().substring(id.value().length() - 6);
    }

    /**
     * Passes what this end sends through {@code rewrite} before the other end gets it (null: dropped):
     * a relay that tampers with what it forwards.
     */
    public FakeLink rewriting(java.util.function.UnaryOperator<byte[]> rewrite) {
        Consumer<byte[]> deliver = remote;
        remote = bytes -> {
            byte[] out = rewrite.apply(bytes);
            if (out != null) {
                deliver.accept(out);
            }
        };
        return this;
    }

    /** Makes this link and its other end ones whose two ends take sealed boxes in binary. */
    public FakeLink withBinaryBoxes() {
        binaryBoxes = true;
        if (otherEnd != null) {
            otherEnd.binaryBoxes = true;
        }
        return this;
    }

    @Override
    public boolean binaryBoxes() {
        return binaryBoxes;
    }

    /** Every application message sent, as sent. */
    public List<byte[]> sentBytes() {
        return List.copyOf(sent);
    }

    /** Whose linkDown to call when this link closes. */
    public FakeLink ownedBy(LinkListener listener) {
        this.owner = listener;
        return this;
    }

    /** Every application message sent, decoded. */
    public List<JsonRpc> sent() {
        List<JsonRpc> out = new ArrayList<>();
        for (byte[] bytes : sent) {
            try {
                out.add(CODEC.decode(bytes, binaryBoxes));
            } catch (MessageDecodeException e) {
                throw new UncheckedIOException(new java.io.IOException("sent a message that does not decode", e));
            }
        }
        return out;
    }

    public JsonRpc lastSent() {
        List<JsonRpc> all = sent();
        if (all.isEmpty()) {
            throw new AssertionError("nothing was sent on " + id);
        }
        return all.get(all.size() - 1);
    }

    public int closeCode() {
        return closeCode;
    }

    /** Nothing arrived for the liveness timeout: closed with 1001 as gone silent, listeners told. */
    public void goSilent() {
        silent = true;
        close(1001, "nothing received");
    }

    @Override
    public boolean wentSilent() {
        return silent;
    }

    /** The link drops (e.g. the network): closed without a close frame, listeners told. */
    public void drop() {
        close(1006, "dropped");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public NodeId peer() {
        return peer;
    }

    @Override
    public List<String> peerAddrs() {
        return List.of();
    }

    @Override
    public boolean outbound() {
        return outbound;
    }

    @Override
    public String remoteUrl() {
        return outbound ? "ws://127.0.0.1:1/mesh" : null;
    }

    @Override
    public Instant establishedAt() {
        return Instant.EPOCH;
    }

    @Override
    public boolean send(byte[] applicationMessage) {
        if (!open) {
            return false;
        }
        sent.add(applicationMessage.clone());
        bytesOut.addAndGet(applicationMessage.length);
        Consumer<byte[]> deliver = remote;
        if (deliver != null) {
            deliver.accept(applicationMessage.clone());
        }
        return true;
    }

    @Override
    public void close(int code, String reason) {
        boolean wasOpen;
        synchronized (this) {
            wasOpen = open;
            open = false;
            if (wasOpen) {
                closeCode = code;
            }
        }
        if (!wasOpen) {
            return;
        }
        LinkListener listener = owner;
        if (listener != null) {
            listener.linkDown(this, code, reason);
        }
        FakeLink other = otherEnd;
        if (other != null) {
            other.close(code, reason);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public LinkStats stats() {
        return new LinkStats(0, sent.size(), 0, bytesOut.get(), null);
    }

    @Override
    public String toString() {
        return "FakeLink[" + id + " to " + peer + "]";
    }
}
