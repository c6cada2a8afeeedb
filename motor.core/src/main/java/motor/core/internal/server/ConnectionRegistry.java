package motor.core.internal.server;

import java.util.AbstractCollection;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The open connections of a server, iterable while they come and go, with a wait for "none left". */
final class ConnectionRegistry extends AbstractCollection<Http1Connection> {

    private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition empty = lock.newCondition();

    @Override
    public boolean add(Http1Connection connection) {
        return open.add(connection);
    }

    @Override
    public boolean remove(Object connection) {
        boolean removed = open.remove(connection);
        if (removed && open.isEmpty()) {
            lock.lock();
            try {
                empty.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return removed;
    }

    @Override
    public Iterator<Http1Connection> iterator() {
        return open.iterator();
    }

    @Override
    public int size() {
        return open.size();
    }

    /**
     * Waits until no connection is open.
     *
     * @param nanos the longest wait
     * @return whether none is open
     * @throws InterruptedException if interrupted
     */
    boolean awaitEmpty(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        lock.lock();
        try {
            while (!open.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // woken by remove(); the bounded wait also covers a removal that raced the isEmpty check
                empty.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
