package io.agentmesh.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the node lives: its data directory ({@code mesh.data-dir}), the addresses it advertises for links
 * ({@code mesh.advertise}), and Liberty's HTTP endpoint ({@code http.host}, {@code http.port},
 * {@code https.port}).
 */
public record NodeSettings(Path dataDir, List<String> advertise, String httpHost, int httpPort, int httpsPort) {

    public NodeSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        advertise = List.copyOf(advertise);
        httpHost = httpHost.trim();
    }

    /** The address at which this node's own HTTP endpoint can be reached from this host. */
    public String probeHost() {
        return isWildcard(httpHost) ? "127.0.0.1" : httpHost;
    }

    /** True when the HTTP endpoint listens on something other than a loopback address. */
    public boolean listensBeyondLoopback() {
        return !(httpHost.equals("localhost") || httpHost.startsWith("127.") || httpHost.equals("::1")
                || httpHost.equals("[::1]"));
    }

    /** The advertised address when none is configured: {@code ws://<probe host>:<http.port>/mesh}. */
    static String defaultAdvertise(String httpHost, int httpPort) {
        String host = httpHost.trim();
        return "ws://" + hostForUrl(isWildcard(host) ? "127.0.0.1" : host) + ":" + httpPort + "/mesh";
    }

    /** A host as written in a URL: an IPv6 address in brackets. */
    static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean isWildcard(String host) {
        return host.equals("*") || host.equals("0.0.0.0") || host.equals("::");
    }
}
