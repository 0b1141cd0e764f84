package io.agentmesh.agents.samples;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last calculations of the calculator agent, oldest first, bounded. Thread-safe. */
final class CalculatorHistory {

    /** One calculation. */
    record Entry(String expression, double result) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    CalculatorHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String expression, double result) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(expression, result));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
