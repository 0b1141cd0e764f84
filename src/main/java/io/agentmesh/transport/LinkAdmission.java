package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admission accounting of a node's sockets and links against its {@link AdmissionLimits}.
 * A socket a peer opens takes a {@link Ticket} at its upgrade ({@link #reserve}, from the servlet filter
 * that sees the remote address), which its session {@linkplain #claim claims} by the ticket's token once
 * the WebSocket is open; a dial takes an {@linkplain #outbound() outbound} ticket. The ticket counts as a
 * pending socket from its upgrade until its link is admitted, as a handshake in progress from message 1
 * ({@link #startHandshake}) until then, and as a link from its {@link #admit} until its
 * {@link #release} (the socket closed). An upgrade that fails gives its ticket back ({@link #cancel}); a
 * ticket not claimed within the claim window (the handshake timeout: the connection dropped before the
 * WebSocket opened) is released by the next {@link #reserve}.
 * Each refusal is counted ({@link LinkObserver#linkRefused}) and logged at WARNING, at most one line a
 * minute per reason ({@link LogLimiter}). Time comes from the injected nanoTime source. Thread-safe.
 */
public final class LinkAdmission {

    private static final Logger LOG = Logger.getLogger(LinkAdmission.class.getName());
    private static final int TOKEN_BYTES = 16;

    /** The outcome of {@link #reserve}: the ticket of an admitted upgrade, or why it was refused. */
    public record Reservation(Ticket ticket, AdmissionRefusal refused) {
        public boolean isRefused() {
            return refused != null;
        }
    }

    /** What one socket holds; its state is guarded by the admission. */
    public static final class Ticket {
        private final String token;
        private final String address;
        private final long reservedAt;
        private boolean pending;
        private boolean handshaking;
        private NodeId peer;
        private boolean released;

        private Ticket(String token, String address, long reservedAt) {
            this.token = token;
            this.address = address;
            this.reservedAt = reservedAt;
        }

        /** The secret by which the socket claims this ticket; null for a dial's. */
        public String token() {
            return token;
        }

        /** The remote address as counted (IPv4 address, IPv6 /64 prefix); null for a dial's. */
        public String address() {
            return address;
        }
    }

    /** What is held now: sockets before their handshake, handshakes, links, and the addresses and peers counted. */
    public record Usage(int pending, int handshakes, int links, int addresses, int peers) {
    }

    /** The counts of one address. */
    private static final class Counts {
        int pending;
        int links;
    }

    private final AdmissionLimits limits;
    private final LinkEnvironment env;
    private final LongSupplier nanoTime;
    private final long claimWithinNanos;
    private final Map<String, Counts> byAddress = new HashMap<>();
    private final Map<NodeId, Integer> byPeer = new HashMap<>();
    /** Tickets reserved and not yet claimed, oldest first. */
    private final Map<String, Ticket> unclaimed = new LinkedHashMap<>();
    private int pending;
    private int handshakes;
    private int links;

    /**
     * @param limits   the caps
     * @param env      the links' environment: the randomness of tokens, the observer of refusals, the log
     *                 limiter; its handshake timeout is the claim window of a ticket
     * @param nanoTime a monotonic time source in nanoseconds ({@link System#nanoTime} on a node)
     */
    public LinkAdmission(AdmissionLimits limits, LinkEnvironment env, LongSupplier nanoTime) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.env = Objects.requireNonNull(env, "env");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.claimWithinNanos = env.settings().handshakeTimeout().toNanos();
    }

    public AdmissionLimits limits() {
        return limits;
    }

    /**
     * Reserves a pending socket for an upgrade from {@code remoteAddress} (as the servlet container
     * reports it), unless that exceeds a cap: the pending sockets of its address or in all, or the links
     * of its address or in all (a link could not be admitted anyway).
     */
    public Reservation reserve(String remoteAddress) {
        String address = addressOf(remoteAddress);
        AdmissionRefusal refused;
        Ticket ticket = null;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            expireUnclaimed(now);
            Counts here = byAddress.get(address);
            refused = here != null && here.pending >= limits.maxPendingPerAddress() ? AdmissionRefusal.PENDING_PER_ADDRESS
                    : pending >= limits.maxPending() ? AdmissionRefusal.PENDING
                    : here != null && here.links >= limits.maxLinksPerAddress() ? AdmissionRefusal.LINKS_PER_ADDRESS
                    : links >= limits.maxLinks() ? AdmissionRefusal.LINKS
                    : null;
            if (refused == null) {
                ticket = new Ticket(token(), address, now);
                ticket.pending = true;
                pending++;
                counts(address).pending++;
                unclaimed.put(ticket.token, ticket);
            }
        }
        if (refused != null) {
            refused(refused, address);
        }
        return new Reservation(ticket, refused);
    }

    /** The ticket reserved with {@code token} and not yet claimed nor expired; empty for any other token. */
    public synchronized Optional<Ticket> claim(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(unclaimed.remove(token));
    }

    /**
     * Gives back the reservation of an upgrade that did not go through (no 101), unless its socket has
     * claimed it meanwhile (then the socket releases it when it closes).
     */
    public synchronized void cancel(Ticket ticket) {
        if (ticket.token != null && unclaimed.remove(ticket.token) != null) {
            release(ticket);
        }
    }

    /** A ticket for a link this node dials: not pending, no handshake counted; its link counts. */
    public Ticket outbound() {
        return new Ticket(null, null, nanoTime.getAsLong());
    }

    /**
     * Message 1 of {@code ticket}'s socket arrived: counts a handshake in progress, or refuses it (false)
     * when {@link AdmissionLimits#maxHandshakes()} are in progress. A dial's handshake is not counted.
     */
    public boolean startHandshake(Ticket ticket) {
        synchronized (this) {
            if (ticket.address == null || ticket.released || ticket.handshaking || ticket.peer != null) {
                return true;
            }
            if (handshakes < limits.maxHandshakes()) {
                ticket.handshaking = true;
                handshakes++;
                return true;
            }
        }
        refused(AdmissionRefusal.HANDSHAKES, ticket.address);
        return false;
    }

    /**
     * The handshake of {@code ticket}'s socket completed with {@code peer}: counts its link, or says
     * which cap it would exceed (links in all, of its address, of the peer). Its pending socket and
     * handshake stop counting once the link counts.
     */
    public Optional<AdmissionRefusal> admit(Ticket ticket, NodeId peer) {
        Objects.requireNonNull(peer, "peer");
        AdmissionRefusal refused;
        synchronized (this) {
            if (ticket.released || ticket.peer != null) {
                return Optional.empty();   // closed meanwhile (nothing to count), or counted already
            }
            Counts here = ticket.address == null ? null : byAddress.get(ticket.address);
            refused = links >= limits.maxLinks() ? AdmissionRefusal.LINKS
                    : here != null && here.links >= limits.maxLinksPerAddress() ? AdmissionRefusal.LINKS_PER_ADDRESS
                    : byPeer.getOrDefault(peer, 0) >= limits.maxLinksPerPeer() ? AdmissionRefusal.LINKS_PER_PEER
                    : null;
            if (refused == null) {
                ticket.peer = peer;
                links++;
                byPeer.merge(peer, 1, Integer::sum);
                if (ticket.address != null) {
                    counts(ticket.address).links++;
                }
                releaseBeforeLink(ticket);
                return Optional.empty();
            }
        }
        refused(refused, ticket.address != null ? ticket.address : "a dial to " + peer);
        return Optional.of(refused);
    }

    /** {@code ticket}'s socket closed (or never opened): whatever it holds stops counting. Idempotent. */
    public synchronized void release(Ticket ticket) {
        if (ticket.released) {
            return;
        }
        ticket.released = true;
        if (ticket.token != null) {
            unclaimed.remove(ticket.token);
        }
        releaseBeforeLink(ticket);
        if (ticket.peer != null) {
            links--;
            byPeer.computeIfPresent(ticket.peer, (p, n) -> n > 1 ? n - 1 : null);
            if (ticket.address != null) {
                Counts here = byAddress.get(ticket.address);
                here.links--;
                forgetIfEmpty(ticket.address, here);
            }
        }
    }

    /** What is held now. */
    public synchronized Usage usage() {
        return new Usage(pending, handshakes, links, byAddress.size(), byPeer.size());
    }

    /**
     * The address an upgrade is counted under: an IPv4 address as it is, an IPv6 address as its /64
     * prefix ({@code 2001:db8:0:1::/64}); anything else (not an address literal) as it is.
     */
    static String addressOf(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isEmpty()) {
            return "(unknown)";
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            byte[] bytes = InetAddress.getByName(remoteAddress).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }

    private void releaseBeforeLink(Ticket ticket) {
        if (ticket.handshaking) {
            ticket.handshaking = false;
            handshakes--;
        }
        if (ticket.pending) {
            ticket.pending = false;
            pending--;
            Counts here = byAddress.get(ticket.address);
            here.pending--;
            forgetIfEmpty(ticket.address, here);
        }
    }

    private void expireUnclaimed(long now) {
        for (Iterator<Ticket> it = unclaimed.values().iterator(); it.hasNext(); ) {
            Ticket oldest = it.next();
            if (now - oldest.reservedAt <= claimWithinNanos) {
                return;
            }
            it.remove();
            release(oldest);
        }
    }

    private Counts counts(String address) {
        return byAddress.computeIfAbsent(address, a -> new Counts());
    }

    private void forgetIfEmpty(String address, Counts counts) {
        if (counts.pending == 0 && counts.links == 0) {
            byAddress.remove(address);
        }
    }

    private String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        env.random().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Counts a refusal decided elsewhere (an upgrade {@link MeshUpgradeGate} refused): the observer hears of it. */
    void count(AdmissionRefusal reason) {
        try {
            env.observer().linkRefused(reason);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "link observer failed", e);
        }
    }

    private void refused(AdmissionRefusal reason, String from) {
        count(reason);
        env.logs().log(LOG, Level.WARNING, "admission " + reason.label(),
                "/mesh: refused a connection from {0}: {1}", from, describe(reason));
    }

    private String describe(AdmissionRefusal reason) {
        return switch (reason) {
            case PENDING_PER_ADDRESS -> limits.maxPendingPerAddress() + " sockets from this address are in their handshake already";
            case PENDING -> limits.maxPending() + " sockets are in their handshake already";
            case HANDSHAKES -> limits.maxHandshakes() + " handshakes are in progress already";
            case LINKS_PER_ADDRESS -> limits.maxLinksPerAddress() + " links with this address are open already";
            case LINKS -> limits.maxLinks() + " links are open already";
            case LINKS_PER_PEER -> limits.maxLinksPerPeer() + " links with this node are open already";
            case SUBPROTOCOL, ORIGIN -> reason.label();   // refused by the MeshUpgradeGate, which logs them itself
        };
    }
}
