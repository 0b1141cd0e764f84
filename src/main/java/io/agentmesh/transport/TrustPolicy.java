package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.membership.Certificate;
import io.agentmesh.membership.MembershipVerifier;
import io.agentmesh.membership.Refusal;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which peers may hold a link to this node (wire-v1 §3: a node whose policy refuses the peer closes with
 * 4003 after the handshake). Mode {@code OPEN} admits every peer but the blocked ones; {@code ALLOWLIST}
 * admits only the allowed ones that are not blocked; {@code CERTIFIED} admits the peers that are not
 * blocked and present a valid membership certificate ({@link #judge}; docs/protocol.md, "Membership
 * certificates"). Thread-safe and changeable at run time; listeners hear of every change, a new
 * revocation list included (so established links can be re-checked).
 */
public final class TrustPolicy {

    /** How peers are admitted. */
    public enum Mode { OPEN, ALLOWLIST, CERTIFIED }

    private volatile Mode mode;
    private final Membership membership;
    private final Set<NodeId> allowed = ConcurrentHashMap.newKeySet();
    private final Set<NodeId> blocked = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public TrustPolicy(Mode mode, Collection<NodeId> allowed) {
        this(mode, allowed, Membership.NONE);
    }

    /**
     * A policy that judges certificates with {@code membership}'s verifier, which mode {@code CERTIFIED}
     * requires; a new revocation list of the verifier is a change of the policy.
     */
    public TrustPolicy(Mode mode, Collection<NodeId> allowed, Membership membership) {
        this.membership = Objects.requireNonNull(membership, "membership");
        this.mode = requireVerifier(Objects.requireNonNull(mode, "mode"));
        this.allowed.addAll(allowed);
        membership.verifier().ifPresent(v -> v.revocations().addListener(list -> changed()));
    }

    private Mode requireVerifier(Mode m) {
        if (m == Mode.CERTIFIED && membership.verifier().isEmpty()) {
            throw new IllegalArgumentException("trust mode certified needs mesh.trust.authorities");
        }
        return m;
    }

    /** The authorities' verifier and this node's own certificate. */
    public Membership membership() {
        return membership;
    }

    /**
     * The verdict on the certificate {@code cert} (null: none) that the peer whose identity key is
     * {@code identityKey} presented: empty when no authorities are configured.
     */
    public Optional<MembershipVerifier.Verdict> judge(byte[] identityKey, JsonValue cert, Instant now) {
        return membership.verifier().map(v -> v.verify(identityKey, cert, now));
    }

    /** The verdict on a certificate once valid, checked again at {@code now}; null means none was presented. */
    public Optional<MembershipVerifier.Verdict> rejudge(Certificate certificate, Instant now) {
        return membership.verifier().map(v -> certificate == null
                ? v.verify(null, null, now) : v.recheck(certificate, now));
    }

    /**
     * This policy's word on a peer whose handshake proved {@code identity}, a link's peer or an end-to-end
     * session's far end alike: in mode {@code CERTIFIED} it needs a valid membership certificate; in every
     * mode it must be {@linkplain #admits admitted}.
     *
     * @return the peer's valid certificate, or null when it presented none (admitted all the same outside
     *         mode {@code CERTIFIED})
     * @throws PeerRefusedException {@code membership certificate <refusal>}, or {@code peer refused by trust policy}
     */
    public Certificate admit(IdentityPayload identity, Instant now) throws PeerRefusedException {
        Optional<MembershipVerifier.Verdict> verdict = judge(identity.identity(), identity.cert(), now);
        if (mode == Mode.CERTIFIED && !verdict.orElseThrow().valid()) {
            Refusal refusal = verdict.get().refusal();
            throw new PeerRefusedException("membership certificate " + refusal.phrase(), refusal);
        }
        if (!admits(identity.nodeId())) {
            throw new PeerRefusedException("peer refused by trust policy", null);
        }
        return verdict.flatMap(MembershipVerifier.Verdict::certificate).orElse(null);
    }

    /**
     * Whether a peer that {@link #admit} admitted with {@code certificate} (null: none) is admitted still at
     * {@code now}: the lists and the mode as they are now, and the certificate's validity in time and
     * revocation, without verifying its signature again.
     */
    public boolean stillAdmits(NodeId peer, Certificate certificate, Instant now) {
        if (!admits(peer)) {
            return false;
        }
        if (mode != Mode.CERTIFIED) {
            return true;
        }
        return certificate != null && rejudge(certificate, now).map(MembershipVerifier.Verdict::valid).orElse(false);
    }

    /** A policy that admits everyone. */
    public static TrustPolicy open() {
        return new TrustPolicy(Mode.OPEN, List.of());
    }

    /** A policy that admits only {@code allowed}. */
    public static TrustPolicy allowlist(Collection<NodeId> allowed) {
        return new TrustPolicy(Mode.ALLOWLIST, allowed);
    }

    /** Parses a mode name, {@code open}, {@code allowlist} or {@code certified} (any case). */
    public static Mode parseMode(String text) {
        for (Mode m : Mode.values()) {
            if (m.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("trust mode must be open, allowlist or certified: " + text);
    }

    /** True when {@code peer} may hold a link. */
    public boolean admits(NodeId peer) {
        if (peer == null || blocked.contains(peer)) {
            return false;
        }
        return mode != Mode.ALLOWLIST || allowed.contains(peer);
    }

    public Mode mode() {
        return mode;
    }

    /** Changes the mode; {@code CERTIFIED} only with a verifier (else IllegalArgumentException). */
    public void setMode(Mode newMode) {
        mode = requireVerifier(Objects.requireNonNull(newMode, "mode"));
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

    /**
     * Tells the listeners that time passed: in mode {@code CERTIFIED} established links are judged again,
     * so that a certificate that expired since closes its link (the node calls it once a gossip round).
     */
    public void recheck() {
        if (mode == Mode.CERTIFIED) {
            changed();
        }
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
