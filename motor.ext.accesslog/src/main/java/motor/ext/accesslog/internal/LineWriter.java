package motor.ext.accesslog.internal;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import motor.ext.accesslog.AccessLog;

/**
 * Hands lines from request threads to one writer thread through a bounded queue, so that a request never
 * waits for a disk or a log backend. When the queue is full the line is dropped and counted.
 *
 * <p>The writer thread takes lines in batches, sends each to the slf4j logger and appends it to the file
 * (through a buffer), and flushes the file {@code flushInterval} after the first line that is not yet
 * flushed: at most one flush per interval under load, and no line waits in the buffer longer than that. {@link #close()} lets it write what is queued, flush and
 * close the file, and waits for that (boundedly).
 */
final class LineWriter implements AccessLog, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LineWriter.class);
    /** Put in the queue by {@link #close()} to wake the writer; compared by identity. */
    private static final String STOP = new String("stop");

    /**
     * The average line length the queue makes room for: it holds at most {@code queueSize} lines and
     * {@code queueSize} times this many characters, so that long hostile lines cannot fill it with
     * hundreds of megabytes while the disk or the log backend is slow.
     */
    static final int CHARS_PER_LINE = 2048;

    private final BlockingQueue<String> queue;
    private final long maxChars;
    private final AtomicLong queuedChars = new AtomicLong();
    private final Sink logger;
    private final OutputStream file;
    private final Path path;
    private final long flushNanos;
    private final LongAdder lines = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * Opens the file (appending) and starts the writer thread.
     *
     * @param logger        where lines go besides the file (the slf4j logger), or {@code null}
     * @param path          the file to append to, or {@code null}
     * @param queueSize     the queue's capacity
     * @param flushInterval the longest time a written line waits in the file buffer while lines arrive
     * @throws IOException if the file cannot be opened
     */
    LineWriter(Sink logger, Path path, int queueSize, Duration flushInterval) throws IOException {
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.maxChars = (long) queueSize * CHARS_PER_LINE;
        this.logger = logger;
        this.path = path;
        this.file = path == null ? null : new BufferedOutputStream(new FileOutputStream(path.toFile(), true), 64 * 1024);
        this.flushNanos = flushInterval.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("motor-accesslog").unstarted(this::run);
        thread.start();
    }

    /** Where lines go besides the file: the slf4j logger, or a test's collector. */
    interface Sink {

        /** {@return whether lines are wanted at all now (the logger's level lets them through)} */
        boolean enabled();

        /**
         * Takes one line; called on the writer thread only.
         *
         * @param line the line, without its end
         */
        void write(String line);

        /** {@return a sink for an slf4j logger, at level INFO} */
        static Sink of(org.slf4j.Logger logger) {
            return new Sink() {
                @Override
                public boolean enabled() {
                    return logger.isInfoEnabled();
                }

                @Override
                public void write(String line) {
                    logger.info(line);
                }
            };
        }
    }

    /** {@return whether a line offered now would go anywhere} */
    boolean wanted() {
        return file != null || (logger != null && logger.enabled());
    }

    /**
     * Queues a line without waiting.
     *
     * @param line the line, without its end
     * @return whether it was queued; {@code false} when the queue is full or the writer stopped
     */
    boolean offer(String line) {
        lines.increment();
        if (stopping) {
            dropped.increment();
            return false;
        }
        int length = line.length();
        long total = queuedChars.addAndGet(length);
        // over the text budget, or no slot left; a line alone in the queue is never over the budget, so
        // that one longer than the whole budget (a tiny queueSize) still gets through
        if ((total > maxChars && total != length) || !queue.offer(line)) {
            queuedChars.addAndGet(-length);
            dropped.increment();
            return false;
        }
        return true;
    }

    @Override
    public long lines() {
        return lines.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    private void run() {
        List<String> batch = new ArrayList<>(256);
        long dirtySince = 0;
        boolean dirty = false;
        boolean fileFailed = false;
        while (true) {
            String first;
            try {
                long wait = dirty ? Math.max(0, dirtySince + flushNanos - System.nanoTime()) : TimeUnit.SECONDS.toNanos(60);
                first = queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                first = null; // nothing interrupts this thread but a JVM shutdown: write what is left
                stopping = true;
            }
            batch.clear();
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, 4096);
            }
            boolean stop = false;
            long taken = 0;
            for (String line : batch) {
                if (line != STOP) {
                    taken += line.length();
                }
            }
            queuedChars.addAndGet(-taken);
            for (String line : batch) {
                if (line == STOP) {
                    stop = true;
                    continue;
                }
                if (logger != null) {
                    try {
                        logger.write(line);
                    } catch (RuntimeException e) {
                        // a broken appender must not stop the file or the thread
                    }
                }
                if (file != null && !fileFailed) {
                    try {
                        file.write(line.getBytes(StandardCharsets.UTF_8));
                        file.write('\n');
                        if (!dirty) {
                            dirty = true;
                            dirtySince = System.nanoTime();
                        }
                    } catch (IOException e) {
                        fileFailed = true;
                        dirty = false;
                        LOG.error("access log: writing {} failed; no more lines go to it", path, e);
                    }
                }
            }
            boolean stopNow = stop || (stopping && queue.isEmpty());
            if (dirty && !fileFailed && (stopNow || System.nanoTime() - dirtySince >= flushNanos)) {
                try {
                    file.flush();
                } catch (IOException e) {
                    fileFailed = true;
                    LOG.error("access log: writing {} failed; no more lines go to it", path, e);
                }
                dirty = false;
            }
            if (stopNow) {
                break;
            }
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.error("access log: closing {} failed", path, e);
            }
        }
    }

    /** Writes what is queued, flushes and closes the file; waits for that at most five seconds. */
    @Override
    public void close() throws InterruptedException {
        if (stopping) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            return;
        }
        stopping = true;
        // wake the writer; if the queue is full it is busy anyway and sees the flag after its batch
        queue.offer(STOP);
        if (!thread.join(Duration.ofSeconds(5))) {
            LOG.warn("access log: the writer thread did not finish within 5 s; {} lines queued", queue.size());
        }
    }
}
