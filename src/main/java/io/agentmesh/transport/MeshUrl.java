package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A link address (wire-v1 §2): a {@code ws://} or {@code wss://} URL with a host, optionally followed by
 * {@code #<node-id>} to pin the node expected there (a dialer then checks it, §3). Used for bootstrap
 * entries and advertised {@code addrs}.
 *
 * @param url      the URL without the fragment
 * @param expected the pinned node id, or null
 */
public record MeshUrl(URI url, NodeId expected) {

    public MeshUrl {
        Objects.requireNonNull(url, "url");
    }

    /**
     * Parses {@code ws://host[:port]/path[#node-id]}. Throws IllegalArgumentException whose message names
     * the entry and the problem.
     */
    public static MeshUrl parse(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("empty mesh URL");
        }
        String text = entry.strip();
        NodeId expected = null;
        int hash = text.indexOf('#');
        if (hash >= 0) {
            String id = text.substring(hash + 1);
            if (!NodeId.isNodeId(id)) {
                throw new IllegalArgumentException("mesh URL '" + entry + "': after '#' comes a node id (40 lowercase hex)");
            }
            expected = NodeId.of(id);
            text = text.substring(0, hash);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("mesh URL '" + entry + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("mesh URL '" + entry + "': scheme must be ws or wss");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("mesh URL '" + entry + "': no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("mesh URL '" + entry + "': user info and query are not allowed");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("mesh URL '" + entry + "': bad port");
        }
        return new MeshUrl(uri, expected);
    }

    /**
     * True when {@code text}, exactly as it stands, is a {@code ws://} or {@code wss://} URL as RFC 6455
     * §3 writes one: an authority without user info, then a path and query, and no fragment. Looser than
     * {@link #parse} (no pinned node id, a query allowed, any host the authority may name): the check of
     * another node's {@code addrs} (wire-v1 §3).
     */
    public static boolean isWebSocketUrl(String text) {
        if (text == null) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String authority = uri.getRawAuthority();
            return (scheme.equals("ws") || scheme.equals("wss")) && authority != null && !authority.isEmpty()
                    && !authority.contains("@") && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** True for {@code wss://}. */
    public boolean secure() {
        return "wss".equalsIgnoreCase(url.getScheme());
    }

    @Override
    public String toString() {
        return expected == null ? url.toString() : url + "#" + expected;
    }
}
