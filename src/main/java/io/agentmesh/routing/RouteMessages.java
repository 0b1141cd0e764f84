package io.agentmesh.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code node/routes} messages of one {@link AnnouncedRoutes}, put together from the JSON text of
 * each entry, encoded once: when the entry first appears (an entry that did not change keeps the text
 * it had in the routes before). The message of one link is the envelope around the texts of its view,
 * joined by commas: byte for byte what {@link JsonRpcCodec#encode} writes for the same notification.
 * A view also has a 64-bit fingerprint, computed from the entries' without building the message, which
 * tells whether a link's announcement changed. Used by one announcer at a time (not thread-safe).
 */
final class RouteMessages {

    /** What ends the envelope after the last entry: the {@code routes} array, {@code params}, the message. */
    private static final byte[] CLOSE = "]}}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_CLOSE = "[]}}".getBytes(StandardCharsets.US_ASCII);

    private final JsonRpcCodec codec;
    private AnnouncedRoutes current;
    private byte[][] texts = new byte[0][];
    private long[] hashes = new long[0];
    private Map<RouteAnnouncement.Entry, Integer> positions = Map.of();

    RouteMessages(JsonRpcCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The UTF-8 JSON-RPC notification announcing the entries of {@code view} with {@code seq}. */
    byte[] message(AnnouncedRoutes routes, int[] view, long seq) {
        encode(routes);
        byte[] empty = codec.encode(new JsonRpc.Notification(RouteAnnouncement.METHOD,
                new RouteAnnouncement(seq, routes.hold(), List.of()).toJson()));
        int open = empty.length - CLOSE.length;     // just after the routes' '['
        if (!Arrays.equals(empty, open - 1, empty.length, EMPTY_CLOSE, 0, EMPTY_CLOSE.length)) {
            throw new IllegalStateException("the codec does not end a node/routes notification with []}}");
        }
        int length = open + CLOSE.length + Math.max(0, view.length - 1);
        for (int i : view) {
            length += texts[i].length;
        }
        byte[] out = Arrays.copyOf(empty, length);
        int at = open;
        for (int k = 0; k < view.length; k++) {
            if (k > 0) {
                out[at++] = ',';
            }
            byte[] text = texts[view[k]];
            System.arraycopy(text, 0, out, at, text.length);
            at += text.length;
        }
        System.arraycopy(CLOSE, 0, out, at, CLOSE.length);
        return out;
    }

    /** A fingerprint of the entries of {@code view}, in order: equal views have equal ones. */
    long fingerprint(AnnouncedRoutes routes, int[] view) {
        encode(routes);
        long f = view.length;
        for (int i : view) {
            f = mix(f * 31 + hashes[i]);
        }
        return f;
    }

    private void encode(AnnouncedRoutes routes) {
        if (routes == current) {
            return;
        }
        int n = routes.size();
        byte[][] nextTexts = new byte[n][];
        long[] nextHashes = new long[n];
        Map<RouteAnnouncement.Entry, Integer> nextPositions = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            RouteAnnouncement.Entry e = routes.entry(i);
            Integer before = positions.get(e);
            if (before != null) {
                nextTexts[i] = texts[before];
                nextHashes[i] = hashes[before];
            } else {
                nextTexts[i] = codec.encodeValue(e.toJson());
                nextHashes[i] = hash(nextTexts[i]);
            }
            nextPositions.put(e, i);
        }
        current = routes;
        texts = nextTexts;
        hashes = nextHashes;
        positions = nextPositions;
    }

    /** FNV-1a, 64 bits, then mixed. */
    private static long hash(byte[] text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** The finalizer of SplitMix64. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
