package io.agentmesh.agents.bridge;

import io.agentmesh.agents.AgentIds;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One bridged agent: an existing MCP server that this node serves as its local agent {@code id}. The
 * server is reached over the MCP Streamable HTTP transport ({@code url}) or started as a local process
 * speaking the stdio transport ({@code command}); exactly one of them is set. The node's configuration
 * keys ({@code mesh.bridge.<id>.*}) are listed in {@code docs/bridges.md}.
 *
 * @param id              the agent id on this node (wire-v1 §5.1)
 * @param url             the MCP endpoint, {@code http://} or {@code https://} ({@code mesh.bridge.<id>.url})
 * @param command         the program and its arguments of a stdio server ({@code mesh.bridge.<id>.command})
 * @param headers         extra HTTP headers sent with every request ({@code mesh.bridge.<id>.headers},
 *                        syntax in {@link HeaderSyntax}); never logged
 * @param environment     the environment of a stdio server's process beyond the {@link ProcessEnvironment#BASE}
 *                        variables ({@code mesh.bridge.<id>.env}); its values are never logged
 * @param timeout         deadline of each request to the server ({@code mesh.bridge.<id>.timeout}, default 30 s)
 * @param connectTimeout  deadline of opening a connection ({@code mesh.bridge.<id>.connect-timeout}, default 10 s)
 * @param backoffInitial  first delay before reconnecting to a server that is down
 *                        ({@code mesh.bridge.backoff-initial}, default 1 s)
 * @param backoffMax      largest delay between reconnection attempts ({@code mesh.bridge.backoff-max}, default 30 s)
 * @param maxListItems    most items taken from each of the server's lists (tools, resources, templates,
 *                        prompts); the rest are left out with a warning ({@code mesh.bridge.<id>.max-items},
 *                        default 10,000)
 * @param maxMessageBytes largest message accepted from the server (a JSON body, an SSE event, a stdio
 *                        line; default 8 MiB, as wire-v1 §4)
 */
public record BridgeSettings(String id, Optional<URI> url, List<String> command, Map<String, String> headers,
        ProcessEnvironment environment, Duration timeout, Duration connectTimeout, Duration backoffInitial, Duration backoffMax,
        int maxListItems, int maxMessageBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_LIST_ITEMS = 10_000;
    public static final int MAX_LIST_ITEMS = 1_000_000;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    public BridgeSettings {
        AgentIds.requireValid(id);
        Objects.requireNonNull(url, "url (use Optional.empty())");
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        if (url.isPresent() == !command.isEmpty()) {
            throw new IllegalArgumentException("bridge " + id + " needs exactly one of a url and a command");
        }
        url.ifPresent(u -> requireHttpUrl(id, u));
        if (!command.isEmpty() && command.get(0).isBlank()) {
            throw new IllegalArgumentException("bridge " + id + ": the command names no program");
        }
        if (!command.isEmpty() && !headers.isEmpty()) {
            throw new IllegalArgumentException("bridge " + id + ": headers apply to a url, not a command");
        }
        headers.forEach(HeaderSyntax::requireValid);
        Objects.requireNonNull(environment, "environment (use ProcessEnvironment.BASE_ONLY)");
        if (url.isPresent() && !environment.equals(ProcessEnvironment.BASE_ONLY)) {
            throw new IllegalArgumentException("bridge " + id + ": an environment applies to a command, not a url");
        }
        requirePositive(id, "timeout", timeout);
        requirePositive(id, "connect timeout", connectTimeout);
        requirePositive(id, "initial backoff", backoffInitial);
        requirePositive(id, "maximum backoff", backoffMax);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("bridge " + id + ": the maximum backoff is below the initial one");
        }
        if (maxListItems < 1 || maxListItems > MAX_LIST_ITEMS) {
            throw new IllegalArgumentException("bridge " + id + ": max items must be 1.." + MAX_LIST_ITEMS);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("bridge " + id + ": max message bytes must be at least 1024");
        }
    }

    /** A bridge to an HTTP endpoint with every other setting at its default. */
    public static BridgeSettings http(String id, URI url) {
        return new BridgeSettings(id, Optional.of(url), List.of(), Map.of(), ProcessEnvironment.BASE_ONLY, DEFAULT_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT,                 DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, DEFAULT_MAX_LIST_ITEMS, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** A bridge to a stdio server with every other setting at its default. */
    public static BridgeSettings stdio(String id, List<String> command) {
        return new BridgeSettings(id, Optional.empty(), command, Map.of(), ProcessEnvironment.BASE_ONLY, DEFAULT_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT,                 DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, DEFAULT_MAX_LIST_ITEMS, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public BridgeSettings withHeaders(Map<String, String> newHeaders) {
        return new BridgeSettings(id, url, command, newHeaders, environment, timeout, connectTimeout, backoffInitial, backoffMax,
                maxListItems, maxMessageBytes);
    }

    public BridgeSettings withEnvironment(ProcessEnvironment newEnvironment) {
        return new BridgeSettings(id, url, command, headers, newEnvironment, timeout, connectTimeout, backoffInitial,
                backoffMax, maxListItems, maxMessageBytes);
    }

    public BridgeSettings withTimeout(Duration newTimeout) {
        return new BridgeSettings(id, url, command, headers, environment, newTimeout, connectTimeout, backoffInitial, backoffMax,
                maxListItems, maxMessageBytes);
    }

    public BridgeSettings withBackoff(Duration initial, Duration max) {
        return new BridgeSettings(id, url, command, headers, environment, timeout, connectTimeout, initial, max,
                maxListItems, maxMessageBytes);
    }

    public BridgeSettings withMaxListItems(int max) {
        return new BridgeSettings(id, url, command, headers, environment, timeout, connectTimeout, backoffInitial, backoffMax,
                max, maxMessageBytes);
    }

    public BridgeSettings withMaxMessageBytes(int max) {
        return new BridgeSettings(id, url, command, headers, environment, timeout, connectTimeout, backoffInitial, backoffMax,
                maxListItems, max);
    }

    /** Where the server is, for messages and logs: the URL, or the command line. */
    public String target() {
        return url.map(URI::toString).orElseGet(() -> String.join(" ", command));
    }

    @Override
    public String toString() {
        return "BridgeSettings[id=" + id + ", target=" + target() + ", headers=" + headers.keySet()
                + ", environment=" + environment + ", timeout=" + timeout + ", connectTimeout=" + connectTimeout + ", backoff=" + backoffInitial
                + ".." + backoffMax + ", maxListItems=" + maxListItems + ", maxMessageBytes=" + maxMessageBytes + "]";
    }

    private static void requireHttpUrl(String id, URI url) {
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("bridge " + id + ": the url must be http:// or https:// with a host: " + url);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("bridge " + id + ": put credentials in the headers, not in the url");
        }
        if (url.getRawFragment() != null) {
            throw new IllegalArgumentException("bridge " + id + ": the url must not have a fragment");
        }
    }

    private static void requirePositive(String id, String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("bridge " + id + ": the " + what + " must be positive");
        }
    }
}
