package io.agentmesh.transport;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a dial target's host may be dialed (docs/operations.md "Limits"): a host that resolves
 * to any loopback, private, link-local, carrier-grade NAT, unique-local, unspecified or multicast address
 * is private, and private targets are dialed only as {@link DialSettings.PrivateTargets} allows; in
 * {@code AUTO} mode, when one of this node's own hosts (advertised addrs, bootstrap entries) is private
 * (a test mesh on 127.0.0.1 keeps working). Resolution blocks: call {@link #check} on a dial thread,
 * never on a caller's. The connect resolves the name again (from the JVM's address cache, normally), so a
 * DNS server that answers differently within the cache time is not caught. Thread-safe.
 */
final class DialTargets {

    /** Resolves a host name to its addresses ({@link InetAddress#getAllByName} on a node). */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final DialSettings.PrivateTargets mode;
    private final List<String> ownHosts;
    private final Resolver resolver;
    /** Whether this node is on a private address: decided on the first check, in AUTO mode. */
    private volatile Boolean selfPrivate;

    /** @param ownHosts the hosts of this node's advertised addrs and bootstrap entries */
    DialTargets(DialSettings.PrivateTargets mode, List<String> ownHosts, Resolver resolver) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.ownHosts = List.copyOf(ownHosts);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Null when {@code url} may be dialed; else why not. Resolves names: blocks. */
    DialRefusal check(URI url) {
        String host = hostOf(url);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | SecurityException e) {
            return DialRefusal.UNRESOLVED;
        }
        if (addresses.length == 0) {
            return DialRefusal.UNRESOLVED;
        }
        for (InetAddress a : addresses) {
            if (isPrivate(a) && !privateAllowed()) {
                return DialRefusal.PRIVATE_TARGET;
            }
        }
        return null;
    }

    private boolean privateAllowed() {
        return switch (mode) {
            case TRUE -> true;
            case FALSE -> false;
            case AUTO -> {
                Boolean known = selfPrivate;
                if (known == null) {
                    known = ownHosts.stream().anyMatch(this::resolvesPrivate);
                    selfPrivate = known;
                }
                yield known;
            }
        };
    }

    private boolean resolvesPrivate(String host) {
        try {
            for (InetAddress a : resolver.resolve(host)) {
                if (isPrivate(a)) {
                    return true;
                }
            }
        } catch (UnknownHostException | SecurityException e) {
            // a host of this node's that does not resolve says nothing
        }
        return false;
    }

    /** The host of a URL, without the brackets of an IPv6 literal. */
    static String hostOf(URI url) {
        String host = url.getHost();
        if (host == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * True for an address on a local network or this machine: loopback, unspecified, link-local, site-local
     * (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), 0/8, multicast, IPv6 unique-local
     * (fc00::/7), and IPv4-mapped forms of those.
     */
    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128);
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
