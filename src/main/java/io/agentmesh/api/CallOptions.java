package io.agentmesh.api;

import io.agentmesh.json.Json;
import io.agentmesh.routing.TraceContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What an application says about one call of {@link MeshClient} beyond its target, method and params;
 * immutable, each {@code with...} gives a copy:
 * <pre>
 * CallOptions options = CallOptions.defaults()
 *     .withDeadline(Duration.ofMinutes(2))
 *     .withProgress(p -&gt; log(p.getJsonNumber("progress")))
 *     .withLog("info", m -&gt; log(m.get("data")))
 *     .withAnswerer(InputKind.ELICITATION, params -&gt; askTheUser(params))
 *     .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
 * </pre>
 * Every call is a request of MCP 2026-07-28 (basic/index, "_meta"): its {@code _meta} names the protocol
 * version, the client's capabilities (those of the kinds of input it answers) and {@link #clientInfo()}; a
 * progress listener adds a {@code progressToken} (basic/utilities/progress), a log level
 * {@code io.modelcontextprotocol/logLevel} (server/utilities/logging), a trace parent {@code traceparent}
 * (basic/index, "OpenTelemetry trace context"). What the params' own {@code _meta} names is kept.
 *
 * @param deadline    how long the mesh may take to answer each request of the call; null: the client's default
 * @param progress    gets the params of each {@code notifications/progress} of the call; null: none asked
 * @param logLevel    the least severe log level the agent should send, or null for no log messages
 * @param log         gets the params of each {@code notifications/message} of the call (with a log level)
 * @param answerers   how the application answers each kind of input request it answers
 * @param traceparent a W3C trace parent the call belongs to, or null
 * @param clientInfo  the client's {@code Implementation}: {@code {"name", "version"}}
 */
public record CallOptions(Duration deadline, Consumer<JsonObject> progress, String logLevel, Consumer<JsonObject> log,
                          Map<InputKind, InputAnswerer> answerers, String traceparent, JsonObject clientInfo) {

    /** The log levels of RFC 5424, least severe first (server/utilities/logging). */
    public static final Set<String> LOG_LEVELS = Set.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");

    /** The client's name when the application names none. */
    public static final String DEFAULT_CLIENT_NAME = "agentmesh-java-api";
    /** The client's version when the application names none. */
    public static final String DEFAULT_CLIENT_VERSION = "1";

    private static final CallOptions DEFAULTS = new CallOptions(null, null, null, null, Map.of(), null,
            info(DEFAULT_CLIENT_NAME, DEFAULT_CLIENT_VERSION));

    public CallOptions {
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("the deadline must be positive");
        }
        if (logLevel != null && !LOG_LEVELS.contains(logLevel)) {
            throw new IllegalArgumentException("not a log level: " + logLevel + "; one of " + LOG_LEVELS);
        }
        if ((logLevel == null) != (log == null)) {
            throw new IllegalArgumentException("a log level and a log listener go together");
        }
        answerers = answerers.isEmpty() ? Map.of() : Map.copyOf(answerers);
        if (traceparent != null && TraceContext.parse(traceparent) == null) {
            throw new IllegalArgumentException("not a W3C traceparent: " + traceparent);
        }
        Objects.requireNonNull(clientInfo, "clientInfo");
    }

    /** No deadline of its own, no listeners, no answers, the default client info. */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    public CallOptions withDeadline(Duration value) {
        return new CallOptions(Objects.requireNonNull(value, "deadline"), progress, logLevel, log, answerers,
                traceparent, clientInfo);
    }

    public CallOptions withProgress(Consumer<JsonObject> listener) {
        return new CallOptions(deadline, Objects.requireNonNull(listener, "listener"), logLevel, log, answerers,
                traceparent, clientInfo);
    }

    /** Log messages of {@code level} (e.g. {@code "info"}) and more severe ones go to {@code listener}. */
    public CallOptions withLog(String level, Consumer<JsonObject> listener) {
        return new CallOptions(deadline, progress, Objects.requireNonNull(level, "level"),
                Objects.requireNonNull(listener, "listener"), answerers, traceparent, clientInfo);
    }

    /** {@code answerer} answers the input requests of {@code kind}, whose capability the call then declares. */
    public CallOptions withAnswerer(InputKind kind, InputAnswerer answerer) {
        Map<InputKind, InputAnswerer> more = new EnumMap<>(InputKind.class);
        more.putAll(answerers);
        more.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(answerer, "answerer"));
        return new CallOptions(deadline, progress, logLevel, log, more, traceparent, clientInfo);
    }

    public CallOptions withTraceparent(String value) {
        return new CallOptions(deadline, progress, logLevel, log, answerers, Objects.requireNonNull(value, "traceparent"),
                clientInfo);
    }

    public CallOptions withClientInfo(String name, String version) {
        return new CallOptions(deadline, progress, logLevel, log, answerers, traceparent, info(name, version));
    }

    /** The client capabilities the call declares: one per kind of input it answers (form-mode elicitation). */
    public JsonObject capabilities() {
        var caps = Json.createObjectBuilder();
        for (InputKind kind : InputKind.values()) {
            if (answerers.containsKey(kind)) {
                caps.add(kind.capability(), kind == InputKind.ELICITATION
                        ? Json.createObjectBuilder().add("form", JsonValue.EMPTY_JSON_OBJECT).build()
                        : JsonValue.EMPTY_JSON_OBJECT);
            }
        }
        return caps.build();
    }

    private static JsonObject info(String name, String version) {
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("the client's name and version must not be blank");
        }
        return Json.createObjectBuilder().add("name", name).add("version", version).build();
    }
}
