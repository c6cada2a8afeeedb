package motor.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a plugins directory by looking at it once a second: the names, sizes and modification times
 * of every file in it and its folders. When that changes and then stays the same for one more look (a
 * jar being copied in is not read half-written), it asks for a reload. Polling rather than a
 * {@link java.nio.file.WatchService} because it sees into plugin folders and behaves the same on every
 * file system.
 */
final class PluginWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);
    private static final long INTERVAL_MILLIS = 1000;

    private final Path directory;
    private final Runnable reload;
    private volatile boolean running = true;
    private Thread thread;

    PluginWatcher(Path directory, Runnable reload) {
        this.directory = directory;
        this.reload = reload;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("motor-plugin-watcher").start(this::run);
        LOG.info("watching {} for plugin changes", directory);
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        String seen = fingerprint();
        String pending = null;
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            String now = fingerprint();
            if (now.equals(seen)) {
                pending = null;
                continue;
            }
            if (!now.equals(pending)) {
                pending = now; // changed: wait one more look for it to settle
                continue;
            }
            seen = now;
            pending = null;
            LOG.info("plugins directory {} changed; reloading", directory);
            try {
                reload.run();
            } catch (RuntimeException e) {
                LOG.error("plugin reload failed", e);
            }
        }
    }

    /** {@return a description of every file under the directory: path, size, modification time} */
    String fingerprint() {
        if (!Files.isDirectory(directory)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(directory, 3)) {
            files.filter(Files::isRegularFile).sorted().forEach(file -> {
                try {
                    sb.append(directory.relativize(file)).append(' ').append(Files.size(file)).append(' ')
                            .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
                } catch (IOException e) {
                    sb.append(file).append(" unreadable\n");
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            sb.append("unreadable: ").append(e.getMessage());
        }
        return sb.toString();
    }
}
