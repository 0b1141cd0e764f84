package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a node linked to its bootstrap entries: dials each at start, and redials an entry with capped
 * exponential backoff (with jitter) when its dial fails or its link drops. An entry found to be this
 * node is dropped; one whose node already has a link is dialed again only when that node's last link
 * drops. A failed dial is logged at most once a minute per entry and outcome (close code or exception
 * class, {@link LogLimiter}). Thread-safe.
 */
final class Redialer {

    /** Logs under the manager's name, where the bootstrap lines have always been. */
    private static final Logger LOG = Logger.getLogger(LinkManager.class.getName());

    /** Dials a link; {@code created} hears of the session as soon as it exists, before it can close. */
    interface Dial {
        CompletionStage<Link> dial(MeshUrl url, NodeId expected, Consumer<LinkSession> created);
    }

    /** A bootstrap entry and its dialing state (guarded by the redialer). */
    private static final class Entry {
        final MeshUrl url;
        NodeId learned;
        LinkSession session;
        int failures;
        Scheduler.Task redial;
        boolean self;
        boolean dialing;

        Entry(MeshUrl url) {
            this.url = url;
        }

        NodeId nodeId() {
            return learned != null ? learned : url.expected();
        }
    }

    private final LinkEnvironment env;
    private final LinkRegistry links;
    private final Dial dial;
    private final List<Entry> entries;
    private final Map<LinkSession, Entry> entryOf = new ConcurrentHashMap<>();
    private boolean started;
    private boolean stopped;

    Redialer(LinkEnvironment env, LinkRegistry links, Dial dial, List<MeshUrl> bootstrap) {
        this.env = Objects.requireNonNull(env, "env");
        this.links = Objects.requireNonNull(links, "links");
        this.dial = Objects.requireNonNull(dial, "dial");
        this.entries = bootstrap.stream().map(Entry::new).toList();
    }

    /** Dials every entry (once; not after {@link #stop}). */
    void start() {
        synchronized (this) {
            if (started || stopped) {
                return;
            }
            started = true;
        }
        entries.forEach(this::dialEntry);
    }

    /** Stops redialing. */
    synchronized void stop() {
        stopped = true;
        for (Entry e : entries) {
            if (e.redial != null) {
                e.redial.cancel();
                e.redial = null;
            }
        }
    }

    /**
     * A session closed: its entry, if it was dialed for one, is redialed (after the initial delay when
     * the link had been up); when its peer has no link left, so are the idle entries of that peer.
     */
    void closed(LinkSession session, boolean stillLinked) {
        NodeId peer = session.peer();
        List<Entry> toRedial = new ArrayList<>();
        synchronized (this) {
            Entry own = entryOf.remove(session);
            if (own != null) {
                own.session = null;
                own.dialing = false;
                if (peer != null) {
                    own.failures = 0; // the link was up: redial after the initial delay
                    if (own.learned == null && own.url.expected() == null) {
                        own.learned = peer;   // the node there: redial only when no link to it is left
                    }
                }
                if (peer != null && peer.equals(env.local().nodeId())) {
                    own.self = true;
                    LOG.log(Level.INFO, "bootstrap entry {0} is this node; not dialing it", own.url);
                } else {
                    toRedial.add(own);
                }
            }
            if (peer != null && !stillLinked) {
                for (Entry e : entries) {
                    if (e != own && e.session == null && !e.dialing && peer.equals(e.nodeId()) && e.redial == null) {
                        toRedial.add(e);
                    }
                }
            }
        }
        toRedial.forEach(this::scheduleRedial);
    }

    /** The entries in configured order, as seen now. */
    synchronized List<LinkManager.BootstrapStatus> status() {
        return entries.stream().map(e -> {
            NodeId id = e.nodeId();
            boolean linked = (e.session != null && e.session.isOpen()) || (id != null && links.link(id).isPresent());
            return new LinkManager.BootstrapStatus(e.url, id, e.self, linked);
        }).toList();
    }

    private void dialEntry(Entry entry) {
        synchronized (this) {
            entry.redial = null;
            if (stopped || entry.self || entry.dialing || entry.session != null) {
                return;
            }
            NodeId known = entry.nodeId();
            if (known != null && links.hasLink(known)) {
                return; // dialed again when that peer's last link drops
            }
            entry.dialing = true;
        }
        dial.dial(entry.url, entry.url.expected(), session -> entryOf.put(session, entry)).whenComplete((link, error) -> {
            if (error == null) {
                synchronized (this) {
                    entry.dialing = false;
                    entry.failures = 0;
                    entry.learned = link.peer();
                    if (entryOf.get((LinkSession) link) == entry) {
                        entry.session = (LinkSession) link;   // else it closed already and its redial is scheduled
                    }
                }
                LOG.log(Level.INFO, "bootstrap link to {0} up: {1}", new Object[] {entry.url, link.peer()});
                return;
            }
            boolean sessionHandled;
            synchronized (this) {
                sessionHandled = entryOf.containsValue(entry) || !entry.dialing;
                entry.dialing = false;
            }
            env.logs().log(LOG, Level.INFO, "bootstrap dial " + entry.url + " " + outcome(error),
                    "bootstrap dial to {0} failed: {1}", entry.url, describe(error));
            if (!sessionHandled) {
                scheduleRedial(entry);
            }
        });
    }

    private void scheduleRedial(Entry entry) {
        Duration delay;
        synchronized (this) {
            if (stopped || entry.self || entry.redial != null) {
                return;
            }
            delay = backoff(entry.failures);
            entry.failures = Math.min(entry.failures + 1, 62);
            entry.redial = env.scheduler().schedule(() -> dialEntry(entry), delay);
        }
        LOG.log(Level.FINE, "redialing {0} in {1}", new Object[] {entry.url, delay});
    }

    /** {@code initial × 2^failures}, capped at the maximum, times a jitter in [0.75, 1]. */
    private Duration backoff(int failures) {
        Duration initial = env.settings().backoffInitial();
        Duration max = env.settings().backoffMax();
        Duration base = failures >= 40 ? max : initial.multipliedBy(1L << Math.min(failures, 40));
        if (base.compareTo(max) > 0) {
            base = max;
        }
        double jitter = 0.75 + 0.25 * env.random().nextDouble();
        return Duration.ofNanos((long) (base.toNanos() * jitter));
    }

    private static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof LinkProtocolException p) {
            return "closed " + p.closeCode() + " " + p.reason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The kind of a failed dial, for the log limiter: its close code or the class of its exception. */
    private static String outcome(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof LinkProtocolException p ? Integer.toString(p.closeCode()) : e.getClass().getName();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
