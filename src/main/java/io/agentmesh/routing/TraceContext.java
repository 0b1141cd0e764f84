package io.agentmesh.routing;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * W3C trace context carried in a request's {@code params._meta} under the keys {@code traceparent} and
 * {@code tracestate} (MCP 2026-07-28, basic/index, "{@code _meta}", "OpenTelemetry trace context", SEP-414;
 * the values as W3C Trace Context defines its headers). Read as the W3C recommendation says of a received
 * header: a {@code traceparent} of the wrong length, with a character that is not lowercase hex where hex
 * belongs, of version {@code ff}, or with an all-zero trace id or parent id is not a trace context at all
 * (its {@code tracestate} goes with it); a {@code tracestate} that does not parse, has more than
 * {@value #MAX_TRACESTATE_MEMBERS} members or more than {@value #MAX_TRACESTATE_LENGTH} characters is
 * dropped alone. A later version than {@code 00} is read by the version-00 layout of its first 55
 * characters and written back as version {@code 00}. Nothing here is trusted beyond tracing: it only
 * names a trace and a parent span.
 *
 * @param traceId    32 lowercase hex digits, not all zero
 * @param parentId   16 lowercase hex digits, not all zero: the span the next one is a child of
 * @param flags      the trace flags, 0 to 255 (bit 0: sampled)
 * @param tracestate the vendors' list as received when it is valid, else null
 */
public record TraceContext(String traceId, String parentId, int flags, String tracestate) {

    /** The {@code _meta} key of the trace parent. */
    public static final String TRACEPARENT = "traceparent";
    /** The {@code _meta} key of the vendors' trace state. */
    public static final String TRACESTATE = "tracestate";
    /** Most members of a {@code tracestate} kept (W3C Trace Context: 32). */
    public static final int MAX_TRACESTATE_MEMBERS = 32;
    /** Longest {@code tracestate} kept, in characters (W3C Trace Context: propagate at least 512). */
    public static final int MAX_TRACESTATE_LENGTH = 512;
    /** Longest {@code traceparent} of a later version read at all. */
    static final int MAX_TRACEPARENT_LENGTH = 256;

    private static final int VERSION_00_LENGTH = 55;

    public TraceContext {
        if (!isHex(traceId, 32) || !isHex(parentId, 16)) {
            throw new IllegalArgumentException("trace id and parent id must be 32 and 16 lowercase hex digits, not all zero");
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags must be one byte: " + flags);
        }
        if (tracestate != null && !validTracestate(tracestate)) {
            throw new IllegalArgumentException("invalid tracestate");
        }
    }

    /** What a request's {@code _meta} held. */
    public enum Verdict {
        /** No {@code traceparent}: no trace context (a lone {@code tracestate} is ignored). */
        ABSENT,
        /** A valid trace context. */
        VALID,
        /** A malformed {@code traceparent}: no trace context; it and its {@code tracestate} are dropped. */
        BAD_TRACEPARENT,
        /** A valid {@code traceparent} with a malformed or oversized {@code tracestate}, which is dropped. */
        BAD_TRACESTATE
    }

    /**
     * The trace context of a request as read, and what its {@code _meta} held.
     *
     * @param context the trace context, null unless the verdict is {@link Verdict#VALID} or {@link Verdict#BAD_TRACESTATE}
     */
    public record Reading(TraceContext context, Verdict verdict) {
        static final Reading ABSENT = new Reading(null, Verdict.ABSENT);
        static final Reading BAD_TRACEPARENT = new Reading(null, Verdict.BAD_TRACEPARENT);

        /** Whether the params hold something this node does not hand on. */
        public boolean malformed() {
            return verdict == Verdict.BAD_TRACEPARENT || verdict == Verdict.BAD_TRACESTATE;
        }
    }

    /** This context's {@code traceparent}, version {@code 00}. */
    public String traceparent() {
        return "00-" + traceId + "-" + parentId + "-" + Character.forDigit(flags >> 4, 16) + Character.forDigit(flags & 0xf, 16);
    }

    /** This context as the child {@code spanId} of the same trace would hand it on: same flags and trace state. */
    public TraceContext withParent(String spanId) {
        return new TraceContext(traceId, spanId, flags, tracestate);
    }

    /** Reads the trace context of request params (null: none); never throws. */
    public static Reading read(JsonObject params) {
        if (params == null || !(params.get("_meta") instanceof JsonObject meta)) {
            return Reading.ABSENT;
        }
        JsonValue parent = meta.get(TRACEPARENT);
        if (parent == null) {
            return Reading.ABSENT;
        }
        TraceContext context = parent instanceof JsonString s ? parse(s.getString()) : null;
        if (context == null) {
            return Reading.BAD_TRACEPARENT;
        }
        JsonValue state = meta.get(TRACESTATE);
        if (state == null) {
            return new Reading(context, Verdict.VALID);
        }
        if (state instanceof JsonString s && validTracestate(s.getString())) {
            return new Reading(new TraceContext(context.traceId, context.parentId, context.flags, s.getString()),
                    Verdict.VALID);
        }
        return new Reading(context, Verdict.BAD_TRACESTATE);
    }

    /** The trace context of a {@code traceparent} value (no trace state), or null when it is not a valid one. */
    public static TraceContext parse(String traceparent) {
        int length = traceparent.length();
        if (length < VERSION_00_LENGTH || length > MAX_TRACEPARENT_LENGTH || !isHex(traceparent, 0, 2)
                || traceparent.startsWith("ff")) {
            return null;
        }
        boolean version00 = traceparent.startsWith("00");
        if (version00 ? length != VERSION_00_LENGTH : length > VERSION_00_LENGTH && traceparent.charAt(VERSION_00_LENGTH) != '-') {
            return null;
        }
        if (traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-'
                || !isHex(traceparent, 53, 55)) {
            return null;
        }
        String traceId = traceparent.substring(3, 35);
        String parentId = traceparent.substring(36, 52);
        if (!isHex(traceId, 32) || !isHex(parentId, 16)) {
            return null;
        }
        return new TraceContext(traceId, parentId, Integer.parseInt(traceparent.substring(53, 55), 16), null);
    }

    /**
     * {@code params} (null: none) with {@code context} as its trace context, its {@code tracestate} removed
     * when the context has none; with no trace context at all when {@code context} is null ({@code _meta},
     * then the params, left out when that leaves them empty: null). Every other member is kept.
     */
    public static JsonObject write(JsonObject params, TraceContext context) {
        if (context == null) {
            return RouteMetadata.withoutMeta(RouteMetadata.withoutMeta(params, TRACEPARENT), TRACESTATE);
        }
        JsonObject base = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        JsonObject meta = base.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        var newMeta = Json.createObjectBuilder(meta).add(TRACEPARENT, context.traceparent());
        if (context.tracestate != null) {
            newMeta.add(TRACESTATE, context.tracestate);
        } else {
            newMeta.remove(TRACESTATE);
        }
        return Json.createObjectBuilder(base).add("_meta", newMeta).build();
    }

    /**
     * Whether {@code value} is a {@code tracestate} this node hands on: at most
     * {@value #MAX_TRACESTATE_LENGTH} characters, at most {@value #MAX_TRACESTATE_MEMBERS} members
     * {@code key=value} separated by commas (optional spaces and tabs around them, empty members
     * allowed), each key once, keys and values as W3C Trace Context's grammar says.
     */
    static boolean validTracestate(String value) {
        if (value.length() > MAX_TRACESTATE_LENGTH) {
            return false;
        }
        Set<String> keys = new HashSet<>();
        for (String part : value.split(",", -1)) {
            String member = part.strip();
            if (member.isEmpty()) {
                continue;
            }
            int eq = member.indexOf('=');
            if (eq < 0 || !validKey(member.substring(0, eq)) || !validValue(member.substring(eq + 1))
                    || !keys.add(member.substring(0, eq)) || keys.size() > MAX_TRACESTATE_MEMBERS) {
                return false;
            }
        }
        return true;
    }

    /** {@code lcalpha 0*255(keychar)} or {@code (lcalpha / DIGIT) 0*240(keychar) "@" lcalpha 0*13(keychar)}. */
    private static boolean validKey(String key) {
        int at = key.indexOf('@');
        if (at < 0) {
            return key.length() >= 1 && key.length() <= 256 && isLowerAlpha(key.charAt(0)) && keyChars(key, 1, key.length());
        }
        String tenant = key.substring(0, at);
        String system = key.substring(at + 1);
        return tenant.length() >= 1 && tenant.length() <= 241 && (isLowerAlpha(tenant.charAt(0)) || isDigit(tenant.charAt(0)))
                && keyChars(tenant, 1, tenant.length())
                && system.length() >= 1 && system.length() <= 14 && isLowerAlpha(system.charAt(0))
                && keyChars(system, 1, system.length());
    }

    private static boolean keyChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** {@code 0*255(chr) nblk-chr}: printable ASCII but {@code ,} and {@code =}, spaces inside only. */
    private static boolean validValue(String value) {
        if (value.isEmpty() || value.length() > 256 || value.charAt(value.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
                return false;
            }
        }
        return true;
    }

    /** {@code length} lowercase hex digits, not all zero. */
    private static boolean isHex(String s, int length) {
        return s != null && s.length() == length && isHex(s, 0, length) && !s.chars().allMatch(c -> c == '0');
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isDigit(c) || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return traceparent() + (tracestate == null ? "" : " " + Objects.toString(tracestate));
    }
}
