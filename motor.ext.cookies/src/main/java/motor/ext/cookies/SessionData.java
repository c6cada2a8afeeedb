package motor.ext.cookies;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a {@link SessionStore} keeps of one session: its id, when it was created and last used, and its
 * values. Handlers see it through {@link Session}; store implementations make and read these.
 *
 * <p>Thread-safe: the values are a concurrent map, the access time is volatile. An in-memory store hands
 * the same instance to every request of the session; a store elsewhere makes a fresh one per lookup.
 */
public final class SessionData {

    private final String id;
    private final Instant created;
    private volatile Instant lastAccessed;
    private final ConcurrentMap<String, Object> values;

    /**
     * Creates a new, empty session.
     *
     * @param id      the id
     * @param created when it was created; also its last access
     */
    public SessionData(String id, Instant created) {
        this(id, created, created, Map.of());
    }

    /**
     * Recreates a session, as a store that keeps sessions elsewhere reads one back.
     *
     * @param id           the id
     * @param created      when it was created
     * @param lastAccessed when it was last used
     * @param values       its values, copied; no {@code null} keys or values
     */
    public SessionData(String id, Instant created, Instant lastAccessed, Map<String, ?> values) {
        this.id = Objects.requireNonNull(id, "id");
        this.created = Objects.requireNonNull(created, "created");
        this.lastAccessed = Objects.requireNonNull(lastAccessed, "lastAccessed");
        this.values = new ConcurrentHashMap<>(values);
    }

    /** {@return the id; a secret} */
    public String id() {
        return id;
    }

    /** {@return when the session was created} */
    public Instant created() {
        return created;
    }

    /** {@return when a request last used the session} */
    public Instant lastAccessed() {
        return lastAccessed;
    }

    /**
     * Records a use of the session; an earlier time than the last access is ignored.
     *
     * @param now the time of the use
     */
    public void touch(Instant now) {
        if (now.isAfter(lastAccessed)) {
            lastAccessed = now;
        }
    }

    /** {@return the values, live and mutable} */
    public ConcurrentMap<String, Object> values() {
        return values;
    }

    /** {@return the id is left out, being a secret} */
    @Override
    public String toString() {
        return "SessionData[created=" + created + ", lastAccessed=" + lastAccessed + ", names=" + values.keySet() + "]";
    }
}
