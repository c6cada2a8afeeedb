package motor.core.internal.server;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every connection's socket for readiness and hands the news to the connection: it wakes the
 * virtual thread waiting to read or write, or starts one for a connection that has none. It never
 * reads or writes itself.
 *
 * <pre>
 *   loop (a virtual thread):  run queued tasks ─► select ─► for each ready socket: conn.ready(ops)
 *          ▲                                                        │
 *          └──────────────── yield (the woken threads run first) ◄──┘
 * </pre>
 *
 * <p>The loop runs on a virtual thread, like the connections: waking a connection puts it in the
 * scheduler's queue of the same carrier, ahead of the loop's next turn (the loop yields after each
 * batch), and no operating system thread switch is involved. When nothing is ready,
 * {@link Selector#select} parks the loop's virtual thread without holding its carrier.
 *
 * <p>Sockets stay registered for reading all their life. Readiness is level-triggered, so a socket
 * whose connection is busy and has unread data would be reported at every turn; the connection then
 * turns its interest off until it next waits ({@link SocketTransport}). Other threads change
 * registrations through {@link #execute} or by setting interest directly and calling {@link #wakeup()}.
 */
final class EventLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean selecting;
    private volatile boolean running = true;
    private Thread thread;

    EventLoop() throws IOException {
        this.selector = Selector.open();
    }

    void start() {
        thread = Thread.ofVirtual().name("motor-event-loop").start(this);
    }

    /** Stops the loop; registered sockets are left to their connections to close. */
    void stop() {
        running = false;
        selector.wakeup();
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed: {}", e.toString());
        }
    }

    /**
     * Registers a socket for reading; the connection hears of readiness through
     * {@link SocketTransport#ready}.
     *
     * @param channel   a connected socket, already non-blocking
     * @param transport its transport
     */
    void register(SocketChannel channel, SocketTransport transport) {
        execute(() -> {
            try {
                transport.registered(channel.register(selector, SelectionKey.OP_READ, transport));
            } catch (IOException | CancelledKeyException | ClosedSelectorException e) {
                // closed before it could be registered: nothing to watch
                transport.registrationFailed(e);
            }
        });
    }

    /**
     * Runs a task on the loop, soon.
     *
     * @param task what to run
     */
    void execute(Runnable task) {
        tasks.add(task);
        wakeup();
    }

    /** Makes a blocked select return, so that registration changes take effect now. */
    void wakeup() {
        if (selecting) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                runTasks();
                selecting = true;
                int ready;
                if (!tasks.isEmpty()) {
                    selecting = false; // a task arrived after runTasks: run it before blocking
                    continue;
                }
                try {
                    ready = selector.select(this::dispatch);
                } finally {
                    selecting = false;
                }
                if (ready > 0) {
                    // let the connections just woken run before the next poll: they will consume
                    // what made their sockets ready, so the next poll reports only news
                    Thread.yield();
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("event loop failure", e);
            }
        }
    }

    private void dispatch(SelectionKey key) {
        try {
            ((SocketTransport) key.attachment()).ready(key, key.readyOps());
        } catch (CancelledKeyException e) {
            // the connection closed meanwhile
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("event loop task failed", e);
            }
        }
    }
}
