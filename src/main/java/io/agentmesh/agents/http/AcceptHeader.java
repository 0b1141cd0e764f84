package io.agentmesh.agents.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Accept} rules of MCP 2025-11-25 "Streamable HTTP": a POST must accept both
 * {@code application/json} and {@code text/event-stream} ("Sending Messages to the Server", 2); a GET
 * must accept {@code text/event-stream} ("Listening for Messages from the Server", 2). Media ranges
 * follow RFC 9110 §12.5.1: {@code type/*} and {@code *}{@code /*} cover a type, parameters other
 * than {@code q} are ignored, and {@code q=0} means "not acceptable". An absent header accepts nothing
 * here, since the transport requires clients to send one.
 */
public final class AcceptHeader {

    public static final String JSON = "application/json";
    public static final String EVENT_STREAM = "text/event-stream";

    private record Range(String type, String subtype, boolean acceptable) {
        boolean covers(String mediaType) {
            int slash = mediaType.indexOf('/');
            String t = mediaType.substring(0, slash);
            String s = mediaType.substring(slash + 1);
            return (type.equals("*") || type.equals(t)) && (subtype.equals("*") || subtype.equals(s));
        }

        int specificity() {
            return (type.equals("*") ? 0 : 1) + (subtype.equals("*") ? 0 : 1);
        }
    }

    private final List<Range> ranges;

    private AcceptHeader(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Parses the header (all values joined by commas); malformed ranges are skipped. */
    public static AcceptHeader parse(Optional<String> header) {
        List<Range> ranges = new ArrayList<>();
        if (header.isPresent()) {
            for (String part : header.get().split(",")) {
                String[] params = part.split(";", -1);   // -1: a part of only ";" still has its (empty) media range
                String media = params[0].trim().toLowerCase(Locale.ROOT);
                int slash = media.indexOf('/');
                if (slash <= 0 || slash == media.length() - 1) {
                    continue;
                }
                boolean acceptable = true;
                for (int i = 1; i < params.length; i++) {
                    String p = params[i].trim().toLowerCase(Locale.ROOT);
                    if (p.startsWith("q=")) {
                        acceptable = !isZero(p.substring(2).trim());
                    }
                }
                ranges.add(new Range(media.substring(0, slash), media.substring(slash + 1), acceptable));
            }
        }
        return new AcceptHeader(List.copyOf(ranges));
    }

    /** True when the most specific range covering {@code mediaType} accepts it (q above 0). */
    public boolean accepts(String mediaType) {
        Range best = null;
        for (Range r : ranges) {
            if (r.covers(mediaType) && (best == null || r.specificity() > best.specificity())) {
                best = r;
            }
        }
        return best != null && best.acceptable();
    }

    /** The POST rule: both JSON and SSE are acceptable. */
    public boolean acceptsJsonAndEventStream() {
        return accepts(JSON) && accepts(EVENT_STREAM);
    }

    private static boolean isZero(String q) {
        try {
            return Double.parseDouble(q) == 0.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
