package io.agentmesh.admin.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ring buffer of one agent's or link's calls: a fixed number of time slots, each with its count,
 * errors and latency histogram; a slot is reused once it falls out of the window. Thread-safe.
 */
final class TrafficSeries {

    private static final class Slot {
        long index = -1;
        long calls;
        long errors;
        LatencyHistogram latencies;

        void reset(long newIndex) {
            index = newIndex;
            calls = 0;
            errors = 0;
            if (latencies != null) {
                latencies.clear();
            }
        }
    }

    private final String key;
    private final long slotMillis;
    private final Slot[] slots;
    private final String label;
    private volatile long lastActiveMillis;

    TrafficSeries(String key, String label, long slotMillis, int slotCount, long createdMillis) {
        this.key = key;
        this.lastActiveMillis = createdMillis;
        this.label = label;
        this.slotMillis = slotMillis;
        this.slots = new Slot[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new Slot();
        }
    }

    String key() {
        return key;
    }

    String label() {
        return label;
    }

    long lastActiveMillis() {
        return lastActiveMillis;
    }

    synchronized void record(long nowMillis, Duration latency, boolean error) {
        long index = Math.floorDiv(nowMillis, slotMillis);
        Slot slot = slots[(int) Math.floorMod(index, (long) slots.length)];
        if (slot.index != index) {
            slot.reset(index);
        }
        slot.calls++;
        if (error) {
            slot.errors++;
        }
        if (slot.latencies == null) {
            slot.latencies = new LatencyHistogram();
        }
        slot.latencies.record(latency);
        lastActiveMillis = nowMillis;
    }

    /** The series over the window that ends with the slot holding {@code nowMillis}. */
    synchronized TrafficReport.Series snapshot(long nowMillis) {
        long newest = Math.floorDiv(nowMillis, slotMillis);
        long oldest = newest - slots.length + 1;
        List<TrafficReport.Point> points = new ArrayList<>(slots.length);
        LatencyHistogram all = new LatencyHistogram();
        long calls = 0;
        long errors = 0;
        double seconds = slotMillis / 1000.0;
        for (long index = oldest; index <= newest; index++) {
            Slot slot = slots[(int) Math.floorMod(index, (long) slots.length)];
            if (slot.index != index || slot.calls == 0) {
                points.add(new TrafficReport.Point(index * slotMillis, 0, 0, 0, null, null));
                continue;
            }
            calls += slot.calls;
            errors += slot.errors;
            all.add(slot.latencies);
            points.add(new TrafficReport.Point(index * slotMillis, slot.calls, slot.errors, slot.calls / seconds,
                    orNull(slot.latencies.percentileMillis(0.5)), orNull(slot.latencies.percentileMillis(0.99))));
        }
        return new TrafficReport.Series(key, label, calls, errors, orNull(all.percentileMillis(0.5)),
                orNull(all.percentileMillis(0.99)), points);
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
