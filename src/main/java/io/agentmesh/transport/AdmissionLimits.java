package io.agentmesh.transport;

/**
 * The admission caps of {@code /mesh}, validated at construction; {@link LinkAdmission}
 * applies them. The defaults fit a node with a 512 MiB heap that links with tens of peers, several links
 * each, all of them possibly on one host (loopback is not exempt): an idle link costs a few tens of KiB
 * (its Noise states, the WebSocket container's buffers, routing state), so 256 links stay far below the
 * heap; the message memory of busy links has a budget of its own. An address is an IPv4 address or the
 * /64 prefix of an IPv6 address (one host holds a whole /64).
 *
 * @param maxPendingPerAddress sockets from one address upgraded whose handshake has not finished; one
 *                             more upgrade gets HTTP 429. Default 32. At least 1.
 * @param maxPending           such sockets in all; one more upgrade gets HTTP 503. Default 256. At least
 *                             {@code maxPendingPerAddress}.
 * @param maxHandshakes        handshakes in progress in all (message 1 read, the handshake not finished:
 *                             the responder's key agreement and signature); a socket whose message 1 would
 *                             exceed it is closed with 4003. Default 64. At least 1.
 * @param maxLinksPerAddress   established links with peers at one address; an upgrade from it when it has
 *                             this many gets HTTP 429, a handshake that would exceed it ends in 4003.
 *                             Default 64. At least 1.
 * @param maxLinks             established links in all, accepted and dialed; an upgrade when there are this
 *                             many gets HTTP 503, a handshake (either end) that would exceed it ends in 4003.
 *                             Default 256. At least {@code maxLinksPerAddress}.
 * @param maxLinksPerPeer      established links with one node id, either direction; a handshake that
 *                             would exceed it ends in 4003. Default 8. At least 1.
 */
public record AdmissionLimits(int maxPendingPerAddress, int maxPending, int maxHandshakes,
                              int maxLinksPerAddress, int maxLinks, int maxLinksPerPeer) {

    public static final int DEFAULT_MAX_PENDING_PER_ADDRESS = 32;
    public static final int DEFAULT_MAX_PENDING = 256;
    public static final int DEFAULT_MAX_HANDSHAKES = 64;
    public static final int DEFAULT_MAX_LINKS_PER_ADDRESS = 64;
    public static final int DEFAULT_MAX_LINKS = 256;
    public static final int DEFAULT_MAX_LINKS_PER_PEER = 8;
    /** The largest value of any cap. */
    public static final int MAX_VALUE = 1_000_000;

    public AdmissionLimits {
        requireRange(maxPendingPerAddress, 1, "maxPendingPerAddress");
        requireRange(maxPending, maxPendingPerAddress, "maxPending");
        requireRange(maxHandshakes, 1, "maxHandshakes");
        requireRange(maxLinksPerAddress, 1, "maxLinksPerAddress");
        requireRange(maxLinks, maxLinksPerAddress, "maxLinks");
        requireRange(maxLinksPerPeer, 1, "maxLinksPerPeer");
    }

    /** Every cap at its default. */
    public static AdmissionLimits defaults() {
        return new AdmissionLimits(DEFAULT_MAX_PENDING_PER_ADDRESS, DEFAULT_MAX_PENDING, DEFAULT_MAX_HANDSHAKES,
                DEFAULT_MAX_LINKS_PER_ADDRESS, DEFAULT_MAX_LINKS, DEFAULT_MAX_LINKS_PER_PEER);
    }

    private static void requireRange(int value, int min, String name) {
        if (value < min || value > MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + MAX_VALUE + ": " + value);
        }
    }
}
