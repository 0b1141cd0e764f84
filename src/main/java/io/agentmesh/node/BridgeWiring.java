package io.agentmesh.node;

import io.agentmesh.agents.bridge.BridgeConfiguration;
import io.agentmesh.agents.bridge.BridgeSettings;
import io.agentmesh.agents.bridge.CommandLine;
import io.agentmesh.agents.bridge.HeaderSyntax;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Builds the {@link BridgeConfiguration} from the {@code mesh.bridge.*} keys (listed in
 * {@code docs/bridges.md} and {@code docs/configuration.md}). A bridge exists for every id that has a
 * {@code mesh.bridge.<id>.url} or {@code .command} key among the configuration's property names, and for
 * every id listed in {@code mesh.bridges} (for configuration sources that cannot list dotted names, such
 * as environment variables: {@code MESH_BRIDGES=docs} with {@code MESH_BRIDGE_DOCS_URL=...}). Bridges are
 * started in that order: the listed ids first, then the others by id. A value that
 * cannot be used, or an unknown {@code mesh.bridge.<id>.<key>}, stops start-up with an
 * {@link InvalidConfigException} naming the key (never a header's value).
 */
@ApplicationScoped
public class BridgeWiring {

    static final String IDS_KEY = "mesh.bridges";
    static final String BACKOFF_INITIAL_KEY = "mesh.bridge.backoff-initial";
    static final String BACKOFF_MAX_KEY = "mesh.bridge.backoff-max";
    static final List<String> KEYS = List.of("url", "command", "headers", "timeout", "connect-timeout", "max-items");

    private static final String PREFIX = "mesh.bridge.";
    private static final Pattern BRIDGE_KEY = Pattern.compile(Pattern.quote(PREFIX) + "(.+)\\.([a-z-]+)");

    @Inject
    Config config;

    @Produces
    @Singleton
    BridgeConfiguration bridgeConfiguration() {
        return read(config.getPropertyNames(), key -> config.getOptionalValue(key, String.class));
    }

    /**
     * Reads the bridges.
     *
     * @param names  the property names the configuration can list
     * @param lookup the value of a key, when set
     */
    static BridgeConfiguration read(Iterable<String> names, Function<String, Optional<String>> lookup) {
        Set<String> ids = new LinkedHashSet<>();
        lookup.apply(IDS_KEY).map(ConfigValues::list).ifPresent(ids::addAll);
        Set<String> found = new TreeSet<>();
        for (String name : names) {
            if (!name.startsWith(PREFIX) || name.equals(BACKOFF_INITIAL_KEY) || name.equals(BACKOFF_MAX_KEY)) {
                continue;
            }
            Matcher m = BRIDGE_KEY.matcher(name);
            if (!m.matches() || !KEYS.contains(m.group(2))) {
                throw new InvalidConfigException(name, "unknown key: a bridge takes mesh.bridge.<id>." + String.join(", .", KEYS)
                        + " (and mesh.bridge.backoff-initial, mesh.bridge.backoff-max for all)");
            }
            found.add(m.group(1));
        }
        ids.addAll(found);
        Duration backoffInitial = duration(lookup, BACKOFF_INITIAL_KEY, BridgeSettings.DEFAULT_BACKOFF_INITIAL);
        Duration backoffMax = duration(lookup, BACKOFF_MAX_KEY, BridgeSettings.DEFAULT_BACKOFF_MAX);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new InvalidConfigException(BACKOFF_MAX_KEY, backoffMax.toString(), "at least " + BACKOFF_INITIAL_KEY);
        }
        List<BridgeSettings> bridges = new ArrayList<>();
        for (String id : ids) {
            bridges.add(bridge(id, lookup, backoffInitial, backoffMax));
        }
        return new BridgeConfiguration(bridges);
    }

    private static BridgeSettings bridge(String id, Function<String, Optional<String>> lookup,
                                         Duration backoffInitial, Duration backoffMax) {
        String key = PREFIX + id + ".";
        Optional<String> url = value(lookup, key + "url");
        Optional<String> command = value(lookup, key + "command");
        if (url.isPresent() == command.isPresent()) {
            throw new InvalidConfigException(key + "url", "bridge " + id + " needs exactly one of " + key + "url and "
                    + key + "command");
        }
        Optional<URI> uri = url.map(u -> uri(key + "url", u));
        List<String> argv;
        try {
            argv = command.map(CommandLine::split).orElse(List.of());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key + "command", command.get(), "a command line: " + e.getMessage());
        }
        Map<String, String> headers;
        try {
            headers = value(lookup, key + "headers").map(HeaderSyntax::parse).orElse(Map.of());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key + "headers", e.getMessage());
        }
        Duration timeout = duration(lookup, key + "timeout", BridgeSettings.DEFAULT_TIMEOUT);
        Duration connectTimeout = duration(lookup, key + "connect-timeout", BridgeSettings.DEFAULT_CONNECT_TIMEOUT);
        int maxItems = value(lookup, key + "max-items").map(v -> integer(key + "max-items", v))
                .orElse(BridgeSettings.DEFAULT_MAX_LIST_ITEMS);
        ConfigValues.intInRange(key + "max-items", maxItems, 1, BridgeSettings.MAX_LIST_ITEMS);
        try {
            return new BridgeSettings(id, uri, argv, headers, timeout, connectTimeout, backoffInitial, backoffMax,
                    maxItems, BridgeSettings.DEFAULT_MAX_MESSAGE_BYTES);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key + (url.isPresent() ? "url" : "command"), e.getMessage());
        }
    }

    private static Optional<String> value(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Duration duration(Function<String, Optional<String>> lookup, String key, Duration fallback) {
        return value(lookup, key).map(v -> ConfigValues.duration(key, v)).orElse(fallback);
    }

    private static URI uri(String key, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(key, value, "an http:// or https:// URL");
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, value, "a whole number");
        }
    }
}
