package io.agentmesh.routing;

import java.util.List;

/**
 * A tracer for routing tests: records each span it opens in a list that several nodes may share, with ids
 * from that list's length, so that they are fixed: the first span is {@code 0000000000000001}, and a span
 * without parent starts trace {@code 0…0abc} plus the list's length.
 */
final class RecordingTracing implements HopTracing {

    /** One span: on which node, for which hop, its parent and its own context. */
    record Opened(int node, Hop hop, TraceContext parent, TraceContext context) {
    }

    private final int node;
    private final List<Opened> spans;

    RecordingTracing(int node, List<Opened> spans) {
        this.node = node;
        this.spans = spans;
    }

    @Override
    public HopSpan open(Hop hop, TraceContext parent) {
        synchronized (spans) {
            String id = String.format("%016x", spans.size() + 1);
            TraceContext context = parent != null ? parent.withParent(id)
                    : new TraceContext(String.format("%032x", 0xabcL + spans.size()), id, 1, null);
            spans.add(new Opened(node, hop, parent, context));
            return new HopSpan() {
                @Override
                public TraceContext context() {
                    return context;
                }

                @Override
                public void end(JsonRpc.Response response) {
                }
            };
        }
    }
}
