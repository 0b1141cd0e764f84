package io.agentmesh.node;

import static io.agentmesh.node.ConfigKeys.BRIDGES;
import static io.agentmesh.node.ConfigKeys.BRIDGE_BACKOFF_INITIAL;
import static io.agentmesh.node.ConfigKeys.BRIDGE_BACKOFF_MAX;
import static io.agentmesh.node.ConfigKeys.BRIDGE_COMMAND;
import static io.agentmesh.node.ConfigKeys.BRIDGE_CONNECT_TIMEOUT;
import static io.agentmesh.node.ConfigKeys.BRIDGE_ENV;
import static io.agentmesh.node.ConfigKeys.BRIDGE_HEADERS;
import static io.agentmesh.node.ConfigKeys.BRIDGE_MAX_ITEMS;
import static io.agentmesh.node.ConfigKeys.BRIDGE_TIMEOUT;
import static io.agentmesh.node.ConfigKeys.BRIDGE_URL;

import io.agentmesh.agents.bridge.BridgeConfiguration;
import io.agentmesh.agents.bridge.BridgeSettings;
import io.agentmesh.agents.bridge.CommandLine;
import io.agentmesh.agents.bridge.HeaderSyntax;
import io.agentmesh.agents.bridge.ProcessEnvironment;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@link BridgeConfiguration} from the {@code mesh.bridge.*} keys (listed in
 * {@code docs/bridges.md} and {@code docs/configuration.md}). A bridge exists for every id that has a
 * {@code mesh.bridge.<id>.url} or {@code .command} key among the configuration's property names, and for
 * every id listed in {@code mesh.bridges} (for configuration sources that cannot list dotted names, such
 * as environment variables: {@code MESH_BRIDGES=docs} with {@code MESH_BRIDGE_DOCS_URL=...}). Bridges are
 * started in that order: the listed ids first, then the others by id. A value that
 * cannot be used, or an unknown {@code mesh.bridge.<id>.<key>}, is an {@link InvalidConfigException}
 * naming the key (never a header's value).
 */
final class BridgeConfigReader {

    /** The keys of one bridge, {@code mesh.bridge.<id>.<suffix>}. */
    static final List<ConfigKey> BRIDGE_KEYS = List.of(BRIDGE_URL, BRIDGE_COMMAND, BRIDGE_HEADERS, BRIDGE_ENV, BRIDGE_TIMEOUT,
            BRIDGE_CONNECT_TIMEOUT, BRIDGE_MAX_ITEMS);

    private static final String PREFIX = "mesh.bridge.";
    private static final Pattern BRIDGE_KEY = Pattern.compile(Pattern.quote(PREFIX) + "(.+)\\.([a-z-]+)");
    private static final List<String> SUFFIXES = BRIDGE_KEYS.stream()
            .map(k -> k.name().substring((PREFIX + ConfigKey.ID + ".").length())).toList();

    private BridgeConfigReader() {
    }

    static BridgeConfiguration read(ConfigReader r) {
        Set<String> ids = new LinkedHashSet<>(r.list(BRIDGES));
        Set<String> found = new TreeSet<>();
        for (String name : r.names()) {
            if (!name.startsWith(PREFIX) || name.equals(BRIDGE_BACKOFF_INITIAL.name())
                    || name.equals(BRIDGE_BACKOFF_MAX.name())) {
                continue;
            }
            Matcher m = BRIDGE_KEY.matcher(name);
            if (!m.matches() || !SUFFIXES.contains(m.group(2))) {
                throw new InvalidConfigException(name, "unknown key: a bridge takes mesh.bridge.<id>."
                        + String.join(", .", SUFFIXES) + " (and " + BRIDGE_BACKOFF_INITIAL.name() + ", "
                        + BRIDGE_BACKOFF_MAX.name() + " for all)");
            }
            found.add(m.group(1));
        }
        ids.addAll(found);
        Duration backoffInitial = r.duration(BRIDGE_BACKOFF_INITIAL);
        Duration backoffMax = r.duration(BRIDGE_BACKOFF_MAX);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new InvalidConfigException(BRIDGE_BACKOFF_MAX.name(), backoffMax.toString(),
                    "at least " + BRIDGE_BACKOFF_INITIAL.name());
        }
        List<BridgeSettings> bridges = new ArrayList<>();
        for (String id : ids) {
            bridges.add(bridge(r, id, backoffInitial, backoffMax));
        }
        return new BridgeConfiguration(bridges);
    }

    private static BridgeSettings bridge(ConfigReader r, String id, Duration backoffInitial, Duration backoffMax) {
        ConfigKey urlKey = BRIDGE_URL.forId(id);
        ConfigKey commandKey = BRIDGE_COMMAND.forId(id);
        ConfigKey headersKey = BRIDGE_HEADERS.forId(id);
        ConfigKey maxItemsKey = BRIDGE_MAX_ITEMS.forId(id);
        Optional<String> url = r.text(urlKey);
        Optional<String> command = r.text(commandKey);
        if (url.isPresent() == command.isPresent()) {
            throw new InvalidConfigException(urlKey.name(), "bridge " + id + " needs exactly one of " + urlKey.name()
                    + " and " + commandKey.name());
        }
        Optional<URI> uri = url.map(u -> uri(urlKey, u));
        List<String> argv;
        try {
            argv = command.map(CommandLine::split).orElse(List.of());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(commandKey.name(), command.get(), "a command line: " + e.getMessage());
        }
        Map<String, String> headers;
        try {
            headers = r.text(headersKey).map(HeaderSyntax::parse).orElse(Map.of());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(headersKey.name(), e.getMessage());
        }
        ConfigKey envKey = BRIDGE_ENV.forId(id);
        ProcessEnvironment environment;
        try {
            environment = r.text(envKey).map(ProcessEnvironment::parse).orElse(ProcessEnvironment.BASE_ONLY);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(envKey.name(), e.getMessage());
        }
        if (url.isPresent() && r.text(envKey).isPresent()) {
            throw new InvalidConfigException(envKey.name(), "bridge " + id + ": an environment applies to a command, not a url");
        }
        Duration timeout = r.duration(BRIDGE_TIMEOUT.forId(id));
        Duration connectTimeout = r.duration(BRIDGE_CONNECT_TIMEOUT.forId(id));
        int maxItems = r.integer(maxItemsKey, 1, BridgeSettings.MAX_LIST_ITEMS);
        ConfigKey target = url.isPresent() ? urlKey : commandKey;
        try {
            return new BridgeSettings(id, uri, argv, headers, environment, timeout, connectTimeout, backoffInitial, backoffMax,
                    maxItems, BridgeSettings.DEFAULT_MAX_MESSAGE_BYTES);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(target.name(), e.getMessage());
        }
    }

    private static URI uri(ConfigKey key, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(key.name(), value, "an http:// or https:// URL");
        }
    }
}
