package motor.ext.metrics.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * JVM basics from {@code java.lang.management}: heap and non-heap memory, garbage collections, threads,
 * uptime. Read at each scrape; nothing runs in between.
 */
final class JvmMetrics implements Collector {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();

    @Override
    public List<String> names() {
        return List.of("jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes",
                "jvm_gc_collections_total", "jvm_gc_collection_seconds_total", "jvm_threads_live",
                "jvm_threads_daemon", "jvm_threads_peak", "process_uptime_seconds", "process_start_time_seconds");
    }

    @Override
    public void write(StringBuilder out) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        Exposition.header(out, "jvm_memory_used_bytes", "Memory in use, by area", "gauge");
        Exposition.sample(out, "jvm_memory_used_bytes", "area=\"heap\"", heap.getUsed());
        Exposition.sample(out, "jvm_memory_used_bytes", "area=\"nonheap\"", nonHeap.getUsed());
        Exposition.header(out, "jvm_memory_committed_bytes", "Memory committed by the operating system, by area",
                "gauge");
        Exposition.sample(out, "jvm_memory_committed_bytes", "area=\"heap\"", heap.getCommitted());
        Exposition.sample(out, "jvm_memory_committed_bytes", "area=\"nonheap\"", nonHeap.getCommitted());
        Exposition.header(out, "jvm_memory_max_bytes", "The most memory the area may use; -1 if unbounded",
                "gauge");
        Exposition.sample(out, "jvm_memory_max_bytes", "area=\"heap\"", heap.getMax());
        Exposition.sample(out, "jvm_memory_max_bytes", "area=\"nonheap\"", nonHeap.getMax());
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        Exposition.header(out, "jvm_gc_collections_total", "Garbage collections, by collector", "counter");
        for (GarbageCollectorMXBean gc : gcs) {
            Exposition.sample(out, "jvm_gc_collections_total", Exposition.labels("gc", gc.getName()),
                    Math.max(0, gc.getCollectionCount()));
        }
        Exposition.header(out, "jvm_gc_collection_seconds_total", "Time spent in garbage collections, by collector",
                "counter");
        for (GarbageCollectorMXBean gc : gcs) {
            Exposition.sample(out, "jvm_gc_collection_seconds_total", Exposition.labels("gc", gc.getName()),
                    Math.max(0, gc.getCollectionTime()) / 1000.0);
        }
        Exposition.header(out, "jvm_threads_live", "Live platform threads (virtual threads are not counted)",
                "gauge");
        Exposition.sample(out, "jvm_threads_live", "", threads.getThreadCount());
        Exposition.header(out, "jvm_threads_daemon", "Live daemon platform threads", "gauge");
        Exposition.sample(out, "jvm_threads_daemon", "", threads.getDaemonThreadCount());
        Exposition.header(out, "jvm_threads_peak", "The most live platform threads since the JVM started", "gauge");
        Exposition.sample(out, "jvm_threads_peak", "", threads.getPeakThreadCount());
        Exposition.header(out, "process_uptime_seconds", "Time since the JVM started", "gauge");
        Exposition.sample(out, "process_uptime_seconds", "", runtime.getUptime() / 1000.0);
        Exposition.header(out, "process_start_time_seconds", "When the JVM started, in seconds since the epoch",
                "gauge");
        Exposition.sample(out, "process_start_time_seconds", "", runtime.getStartTime() / 1000.0);
    }
}
