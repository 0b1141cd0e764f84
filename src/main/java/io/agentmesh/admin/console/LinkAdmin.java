package io.agentmesh.admin.console;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Completions;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkManager;
import io.agentmesh.transport.LinkProtocolException;
import io.agentmesh.transport.MeshUrl;
import io.agentmesh.transport.TrustPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The links and the trust policy of this node, as the administrator steers them: list links and peers,
 * dial a peer by URL, close a link, allow or block a node id at run time (wire-v1 §3, §5.4, §6). Each
 * change is logged.
 */
public final class LinkAdmin {

    /** The close code and reason of a link closed by the administrator. */
    public static final int CLOSE_CODE = 1000;
    public static final String CLOSE_REASON = "closed by the administrator";

    private static final Logger LOG = Logger.getLogger(LinkAdmin.class.getName());

    private final LinkManager manager;
    private final TrustPolicy trust;
    private final Clock clock;
    private final Duration dialDeadline;

    public LinkAdmin(LinkManager manager, TrustPolicy trust, Clock clock, Duration dialDeadline) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dialDeadline = Objects.requireNonNull(dialDeadline, "dialDeadline");
    }

    /** The open links, oldest first. */
    public List<LinkView> links() {
        Instant now = clock.instant();
        return manager.links().stream().map(l -> LinkView.of(l, now))
                .sorted(Comparator.comparingLong(LinkView::establishedAt).thenComparing(LinkView::id)).toList();
    }

    /** How many links are open now. */
    public int openLinks() {
        return manager.links().size();
    }

    public List<PeerView> peers() {
        return manager.peers().stream().map(p -> new PeerView(p.nodeId() == null ? null : p.nodeId().value(),
                p.addrs(), p.connected(), p.lastSeenMillis())).toList();
    }

    /**
     * Dials {@code url} ({@code ws://} or {@code wss://}, optionally {@code #<node-id>}); {@code nodeId}
     * (or null) is the node id the peer must have. Completes with the link once it is up, or with an
     * {@link AdminException}: 400 for a bad URL or id, 502 when the peer cannot be reached or the
     * handshake fails (with its close code), 504 when it takes longer than the dial deadline.
     */
    public CompletableFuture<LinkView> dial(String url, String nodeId) {
        if (url == null || url.isBlank()) {
            throw AdminException.badRequest("a ws:// or wss:// URL is required");
        }
        try {
            MeshUrl.parse(url.trim());
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("not a mesh URL: " + url + " (" + e.getMessage() + ")");
        }
        NodeId expected = nodeId == null || nodeId.isBlank() ? null : nodeId(nodeId);
        LOG.log(Level.INFO, "administrator dials {0}", url.trim());
        return manager.dial(url.trim(), expected).toCompletableFuture()
                .orTimeout(dialDeadline.toMillis(), TimeUnit.MILLISECONDS)
                .handle((link, failure) -> {
                    if (link != null) {
                        return LinkView.of(link, clock.instant());
                    }
                    throw dialFailure(url.trim(), failure);
                });
    }

    private AdminException dialFailure(String url, Throwable failure) {
        Throwable cause = Completions.unwrap(failure);
        String message;
        int status = 502;
        if (cause instanceof LinkProtocolException p) {
            message = "the link to " + url + " closed during the handshake: " + p.closeCode() + " " + p.reason();
        } else if (cause instanceof TimeoutException) {
            status = 504;
            message = "no link to " + url + " within " + dialDeadline.toMillis() + " ms";
        } else {
            message = "cannot connect to " + url + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage());
        }
        LOG.log(Level.INFO, "administrator's dial failed: {0}", message);
        return new AdminException(status, message);
    }

    /** Closes the link {@code id} with 1000; 404 when no open link has that id. */
    public LinkView close(String id) {
        Link link = manager.links().stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> AdminException.notFound("no open link " + id));
        LinkView view = LinkView.of(link, clock.instant());
        LOG.log(Level.INFO, "administrator closes link {0} to {1}", new Object[] {id, link.peer()});
        link.close(CLOSE_CODE, CLOSE_REASON);
        return view;
    }

    public TrustView trust() {
        return new TrustView(trust.mode().name().toLowerCase(Locale.ROOT), sorted(trust.allowed()),
                sorted(trust.blocked()));
    }

    /** Allows {@code nodeId} (and lifts a block). */
    public TrustView allow(String nodeId) {
        NodeId id = nodeId(nodeId);
        trust.allow(id);
        LOG.log(Level.INFO, "administrator allows node {0}", id);
        return trust();
    }

    /** Blocks {@code nodeId}: its open links close with 4003 and it cannot link again. */
    public TrustView block(String nodeId) {
        NodeId id = nodeId(nodeId);
        if (id.equals(manager.local().nodeId())) {
            throw AdminException.badRequest("this node cannot block itself");
        }
        trust.block(id);
        LOG.log(Level.INFO, "administrator blocks node {0}", id);
        return trust();
    }

    /** Forgets {@code nodeId}: neither allowed nor blocked. */
    public TrustView forget(String nodeId) {
        NodeId id = nodeId(nodeId);
        trust.forget(id);
        LOG.log(Level.INFO, "administrator forgets node {0} in the trust policy", id);
        return trust();
    }

    /**
     * Sets the mode, {@code open}, {@code allowlist} or {@code certified} (only with authorities); links the
     * new mode refuses close with 4003.
     */
    public TrustView mode(String mode) {
        TrustPolicy.Mode parsed;
        try {
            parsed = TrustPolicy.parseMode(mode);
            trust.setMode(parsed);
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
        LOG.log(Level.INFO, "administrator sets trust mode {0}", parsed);
        return trust();
    }

    private static NodeId nodeId(String text) {
        if (text == null || !NodeId.isNodeId(text.trim())) {
            throw AdminException.badRequest("not a node id (40 lowercase hex characters): " + text);
        }
        return NodeId.of(text.trim());
    }

    private static List<String> sorted(java.util.Set<NodeId> ids) {
        return ids.stream().map(NodeId::value).sorted().toList();
    }
}
