package motor.ext.metrics.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import motor.ext.metrics.Counter;
import motor.ext.metrics.Gauge;
import motor.ext.metrics.Metrics;

/**
 * Every metric of one server: the built-in collectors and the application's families, written in
 * registration order.
 *
 * <p>Registration takes a lock (it is rare); updating a counter or gauge never does: counters are
 * {@link LongAdder}s, gauges a CAS on the bits of a double. A scrape reads the current values without
 * stopping writers, so series written during a scrape may be a moment apart.
 */
final class Registry implements Metrics {

    /** The most series an application may register, over all its metrics: a guard against label misuse. */
    static final int MAX_SERIES = 10_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> taken = new HashSet<>();
    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private volatile List<Collector> collectors = List.of();
    private int series;

    /**
     * Adds a collector.
     *
     * @throws IllegalArgumentException if one of its names is taken
     */
    void add(Collector collector) {
        lock.lock();
        try {
            for (String name : collector.names()) {
                if (taken.contains(name)) {
                    throw new IllegalArgumentException("metric name already registered: " + name);
                }
            }
            taken.addAll(collector.names());
            List<Collector> next = new ArrayList<>(collectors);
            next.add(collector);
            collectors = List.copyOf(next);
        } finally {
            lock.unlock();
        }
    }

    /** {@return every metric in the exposition format} */
    String scrape() {
        StringBuilder out = new StringBuilder(4096);
        for (Collector collector : collectors) {
            collector.write(out);
        }
        return out.toString();
    }

    @Override
    public Counter counter(String name, String help, String... labels) {
        return (Counter) series(name, help, "counter", labels, null);
    }

    @Override
    public Gauge gauge(String name, String help, String... labels) {
        return (Gauge) series(name, help, "gauge", labels, null);
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value, String... labels) {
        Objects.requireNonNull(value, "value");
        series(name, help, "gauge", labels, value);
    }

    private Object series(String name, String help, String type, String[] labels, DoubleSupplier supplier) {
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(labels, "labels");
        if (!Metrics.isValidName(name)) {
            throw new IllegalArgumentException("invalid metric name: \"" + name + "\" (expected [a-zA-Z_][a-zA-Z0-9_]*)");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException(name + ": labels come in name/value pairs");
        }
        List<String> labelNames = new ArrayList<>(labels.length / 2);
        for (int i = 0; i < labels.length; i += 2) {
            if (!Metrics.isValidLabelName(labels[i])) {
                throw new IllegalArgumentException(name + ": invalid label name: \"" + labels[i] + "\"");
            }
            if (labelNames.contains(labels[i])) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " given twice");
            }
            labelNames.add(labels[i]);
            Objects.requireNonNull(labels[i + 1], "label value");
        }
        String labelText = Exposition.labels(labels);
        Family family = families.get(name);
        if (family != null && supplier == null) {
            Object existing = family.series.get(labelText);
            if (existing != null && family.type.equals(type) && !(existing instanceof Supplied)) {
                return existing; // the common case of a repeated registration, without the lock
            }
        }
        lock.lock();
        try {
            family = families.get(name);
            if (family == null) {
                for (String n : List.of(name, name + "_bucket", name + "_sum", name + "_count")) {
                    if (taken.contains(n)) {
                        throw new IllegalArgumentException("metric name already registered: " + name);
                    }
                }
            } else if (!family.type.equals(type)) {
                throw new IllegalArgumentException(name + " is already registered as a " + family.type);
            } else if (!family.labelNames.equals(labelNames)) {
                throw new IllegalArgumentException(name + " is already registered with labels " + family.labelNames);
            } else {
                Object existing = family.series.get(labelText);
                if (existing != null) {
                    if (supplier != null || existing instanceof Supplied) {
                        throw new IllegalArgumentException(name + "{" + labelText + "} is already registered");
                    }
                    return existing;
                }
            }
            // before a family is made: a name fed from user input must not add empty families past the bound
            if (series >= MAX_SERIES) {
                throw new IllegalArgumentException("too many series (" + MAX_SERIES + "): names and labels must "
                        + "not take unbounded values");
            }
            if (family == null) {
                family = new Family(name, help, type, List.copyOf(labelNames));
                families.put(name, family);
                taken.add(name);
                List<Collector> next = new ArrayList<>(collectors);
                next.add(family);
                collectors = List.copyOf(next);
            }
            series++;
            Object created = supplier != null ? new Supplied(supplier)
                    : type.equals("counter") ? new CounterImpl() : new GaugeImpl();
            family.series.put(labelText, created);
            family.order.add(labelText);
            return created;
        } finally {
            lock.unlock();
        }
    }

    /** One application metric: its series by label text, written in registration order. */
    private static final class Family implements Collector {
        final String name;
        final String help;
        final String type;
        final List<String> labelNames;
        final Map<String, Object> series = new ConcurrentHashMap<>();
        /** Label texts in registration order; appended under the registry's lock, read by scrapes. */
        final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

        Family(String name, String help, String type, List<String> labelNames) {
            this.name = name;
            this.help = help;
            this.type = type;
            this.labelNames = labelNames;
        }

        @Override
        public List<String> names() {
            return List.of(name);
        }

        @Override
        public void write(StringBuilder out) {
            Exposition.header(out, name, help, type);
            for (String labels : order) {
                Object s = series.get(labels);
                switch (s) {
                    case CounterImpl c -> Exposition.sample(out, name, labels, c.value());
                    case GaugeImpl g -> Exposition.sample(out, name, labels, g.value());
                    case Supplied supplied -> Exposition.sample(out, name, labels, supplied.read());
                    default -> throw new IllegalStateException("unknown series " + s);
                }
            }
        }
    }

    private static final class CounterImpl implements Counter {
        private final LongAdder count = new LongAdder();

        @Override
        public void increment() {
            count.increment();
        }

        @Override
        public void add(long amount) {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter only goes up; amount " + amount);
            }
            count.add(amount);
        }

        @Override
        public long value() {
            return count.sum();
        }
    }

    private static final class GaugeImpl implements Gauge {
        private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

        @Override
        public void set(double value) {
            bits.set(Double.doubleToRawLongBits(value));
        }

        @Override
        public void add(double delta) {
            long prev;
            long next;
            do {
                prev = bits.get();
                next = Double.doubleToRawLongBits(Double.longBitsToDouble(prev) + delta);
            } while (!bits.compareAndSet(prev, next));
        }

        @Override
        public double value() {
            return Double.longBitsToDouble(bits.get());
        }
    }

    private record Supplied(DoubleSupplier supplier) {
        double read() {
            try {
                return supplier.getAsDouble();
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                // application code: a plugin's missing dependency shows as a LinkageError only when
                // called; whatever it throws costs this series, not the whole scrape
                return Double.NaN;
            }
        }
    }
}
