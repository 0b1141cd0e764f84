package io.agentmesh.admin.metrics;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * An application-scope {@link MetricRegistry} that keeps the series registered in it, what
 * {@link MeshMetrics} uses of one: counters, timers, gauges by name and tags, and removal. Each counter
 * counts and each timer counts its updates, so a test can read what was measured.
 */
final class RecordingRegistry {

    /** The value of one series: a counter's count, a timer's number of updates. */
    private final Map<MetricID, AtomicLong> series = new ConcurrentHashMap<>();
    /** What each gauge registered with a supplier reads. */
    private final Map<MetricID, Supplier<?>> gauges = new ConcurrentHashMap<>();
    final MetricRegistry registry = (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MetricRegistry.class}, (proxy, method, args) -> switch (method.getName()) {
                case "counter" -> counter(id(args));
                case "timer" -> timer(id(args));
                case "gauge" -> {
                    series.putIfAbsent(id(args), new AtomicLong());
                    if (args.length > 1 && args[1] instanceof Supplier<?> supplier) {
                        gauges.put(id(args), supplier);
                    }
                    yield null;
                }
                case "remove" -> series.remove((MetricID) args[0]) != null;
                case "getMetricIDs" -> Set.copyOf(series.keySet());
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** Every series now, as {@code name{tag=value,…}}, with its value. */
    Map<String, Long> series() {
        Map<String, Long> all = new TreeMap<>();
        series.forEach((id, value) -> all.put(id.getName() + id.getTags(), value.get()));
        return all;
    }

    /** What the gauge {@code name} with {@code tags} reads now, or null when there is no such gauge. */
    Object gauge(String name, Tag... tags) {
        Supplier<?> supplier = gauges.get(new MetricID(name, tags));
        return supplier == null ? null : supplier.get();
    }

    /** How many series of {@code name} there are now. */
    long count(String name) {
        return series.keySet().stream().filter(id -> id.getName().equals(name)).count();
    }

    /** The value of one series, or null when it does not exist. */
    Long value(String name, Tag... tags) {
        AtomicLong value = series.get(new MetricID(name, tags));
        return value == null ? null : value.get();
    }

    private static MetricID id(Object[] args) {
        Object first = args[0];
        String name = first instanceof Metadata m ? m.getName() : (String) first;
        Tag[] tags = args.length > 1 && args[args.length - 1] instanceof Tag[] t ? t : new Tag[0];
        return new MetricID(name, tags);
    }

    private Counter counter(MetricID id) {
        AtomicLong value = series.computeIfAbsent(id, k -> new AtomicLong());
        return (Counter) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Counter.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inc" -> {
                        value.addAndGet(args == null ? 1 : (Long) args[0]);
                        yield null;
                    }
                    case "getCount" -> value.get();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Timer timer(MetricID id) {
        AtomicLong value = series.computeIfAbsent(id, k -> new AtomicLong());
        return (Timer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Timer.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "update" -> {
                        value.incrementAndGet();
                        yield null;
                    }
                    case "getCount" -> value.get();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
