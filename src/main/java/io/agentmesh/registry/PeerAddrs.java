package io.agentmesh.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Rules for the {@code addrs} a node names (wire-v1 §3 identity payload, docs/registry.md §2.2 and
 * §4): at most {@link #MAX_ADDRS} absolute {@code ws://} or {@code wss://} URLs with a host, each at
 * most {@link #MAX_LENGTH} characters.
 */
public final class PeerAddrs {

    public static final int MAX_ADDRS = 16;
    public static final int MAX_LENGTH = 256;

    private PeerAddrs() {
    }

    /** Checks a list of addrs; throws IllegalArgumentException naming the first bad one. */
    public static List<String> validate(List<String> addrs) {
        if (addrs.size() > MAX_ADDRS) {
            throw new IllegalArgumentException("more than " + MAX_ADDRS + " addrs");
        }
        for (String a : addrs) {
            if (!isValid(a)) {
                throw new IllegalArgumentException("not a ws:// or wss:// address: " + abbreviate(a));
            }
        }
        return List.copyOf(new LinkedHashSet<>(addrs));
    }

    public static boolean isValid(String addr) {
        if (addr == null || addr.isEmpty() || addr.length() > MAX_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(addr);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && ("ws".equals(scheme) || "wss".equals(scheme))
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
