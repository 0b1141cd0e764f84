package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which peers may hold a link to this node (wire-v1 §3: a node whose policy refuses the peer closes with
 * 4003 after the handshake). Mode {@code OPEN} admits every peer but the blocked ones; {@code ALLOWLIST}
 * admits only the allowed ones that are not blocked. Thread-safe and changeable at run time; listeners
 * hear of every change (so established links can be re-checked).
 */
public final class TrustPolicy {

    /** How peers are admitted. */
    public enum Mode { OPEN, ALLOWLIST }

    private volatile Mode mode;
    private final Set<NodeId> allowed = ConcurrentHashMap.newKeySet();
    private final Set<NodeId> blocked = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public TrustPolicy(Mode mode, Collection<NodeId> allowed) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.allowed.addAll(allowed);
    }

    /** A policy that admits everyone. */
    public static TrustPolicy open() {
        return new TrustPolicy(Mode.OPEN, List.of());
    }

    /** A policy that admits only {@code allowed}. */
    public static TrustPolicy allowlist(Collection<NodeId> allowed) {
        return new TrustPolicy(Mode.ALLOWLIST, allowed);
    }

    /** Parses a mode name, {@code open} or {@code allowlist} (any case). */
    public static Mode parseMode(String text) {
        for (Mode m : Mode.values()) {
            if (m.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("trust mode must be open or allowlist: " + text);
    }

    /** True when {@code peer} may hold a link. */
    public boolean admits(NodeId peer) {
        if (peer == null || blocked.contains(peer)) {
            return false;
        }
        return mode == Mode.OPEN || allowed.contains(peer);
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode newMode) {
        mode = Objects.requireNonNull(newMode, "mode");
        changed();
    }

    /** Allows a peer: adds it to the allow list and lifts a block. */
    public void allow(NodeId peer) {
        Objects.requireNonNull(peer, "peer");
        blocked.remove(peer);
        allowed.add(peer);
        changed();
    }

    /** Blocks a peer in either mode (and drops it from the allow list). */
    public void block(NodeId peer) {
        Objects.requireNonNull(peer, "peer");
        allowed.remove(peer);
        blocked.add(peer);
        changed();
    }

    /** Forgets a peer: neither allowed nor blocked. */
    public void forget(NodeId peer) {
        allowed.remove(peer);
        blocked.remove(peer);
        changed();
    }

    public Set<NodeId> allowed() {
        return Set.copyOf(allowed);
    }

    public Set<NodeId> blocked() {
        return Set.copyOf(blocked);
    }

    /** Runs {@code listener} after every change. */
    public void addChangeListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeChangeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }
}
