package motor.ext.cookies;

import java.time.Instant;

/**
 * Where sessions live. The cookies extension keeps them in memory unless another extension provides a
 * store with {@code context.provide(SessionStore.class, store)} in its {@code install}. The cookies
 * extension looks the store up when the first session is used, so install order does not matter.
 *
 * <p>The extension checks expiry itself on every lookup (the idle timeout against
 * {@link SessionData#lastAccessed()}, the absolute one against {@link SessionData#created()}) and removes
 * what has expired; a store need only forget expired sessions eventually, to bound its size.
 *
 * <p>Implementations must be thread-safe: requests call them concurrently. They run on request threads
 * and may block (a network store, say).
 */
public interface SessionStore {

    /**
     * Looks up a session, counting the lookup as a use (a store elsewhere may refresh its time to live).
     *
     * @param id  the id from a verified session cookie
     * @param now the time of the request
     * @return the session, or {@code null} if the store does not know it (or no longer)
     */
    SessionData find(String id, Instant now);

    /**
     * Adds a new session. A bounded store makes room by dropping others (expired ones first).
     *
     * @param session the session, with a fresh id
     * @param now     the time of the request
     */
    void add(SessionData session, Instant now);

    /**
     * Writes back a session whose values a request changed, before its response is committed and again
     * at the end of the request if it changed after. A store that hands out the live object (in memory)
     * has nothing to do.
     *
     * @param session the session
     * @param now     the time of the request
     */
    default void save(SessionData session, Instant now) {
    }

    /**
     * Forgets a session; does nothing if it is unknown.
     *
     * @param id the id
     */
    void remove(String id);
}
