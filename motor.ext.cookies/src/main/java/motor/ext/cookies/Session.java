package motor.ext.cookies;

import java.time.Instant;
import java.util.Set;

/**
 * The session of the client that made a request, as {@link Sessions#of} returns it.
 *
 * <p>The session is created lazily: reading from a request that carries no valid session cookie finds
 * nothing and creates nothing; the first {@link #put} creates the session, and the response then sets the
 * session cookie. So anonymous requests cost no memory and set no cookie.
 *
 * <p>Values are shared by every request of the session, and requests of one client may run at the same
 * time: the values live in a concurrent map, and each call here is atomic, but a read followed by a
 * write is not; store immutable values, or values that are thread-safe themselves. A store that keeps
 * sessions outside the process writes a session back when a request {@link #put}s or {@link #remove}s
 * something: after changing a mutable value in place, {@code put} it again.
 *
 * <p>Changes that need a new cookie ({@link #put} that creates the session, {@link #regenerateId()})
 * must happen before the response is committed; afterwards they throw {@link IllegalStateException}.
 */
public interface Session {

    /**
     * {@return the value stored under {@code name}, or {@code null}}
     *
     * @param name the name
     */
    Object get(String name);

    /**
     * Returns the value stored under {@code name} as a {@code type}.
     *
     * @param name the name
     * @param type the type the value should have
     * @param <T>  the type
     * @return the value, or {@code null} if there is none
     * @throws ClassCastException if the value has another type
     */
    default <T> T get(String name, Class<T> type) {
        return type.cast(get(name));
    }

    /**
     * Stores a value, creating the session if there is none yet.
     *
     * @param name  the name
     * @param value the value; {@code null} removes the name
     * @throws IllegalStateException if the session must be created and the response is already committed
     */
    void put(String name, Object value);

    /**
     * Removes a value.
     *
     * @param name the name
     * @return the value that was stored, or {@code null}
     */
    Object remove(String name);

    /** {@return the names of the stored values, a snapshot; empty when there is no session} */
    Set<String> names();

    /** {@return whether the client has a session: it sent a valid session cookie, or this request made one} */
    boolean exists();

    /**
     * {@return the session's id, or {@code null} if there is no session} The id is a secret, like a
     * password: do not log it or show it.
     */
    String id();

    /** {@return when the session was created, or {@code null} if there is no session} */
    Instant created();

    /**
     * Ends the session: its values are dropped from the store at once, and the response deletes the
     * cookie (when it is not committed yet). A later {@link #put} in the same request starts a new session
     * under a new id. Does nothing when there is no session.
     */
    void invalidate();

    /**
     * Moves the session's values to a new id and forgets the old one, so that an id an attacker planted
     * or learnt before is worth nothing afterwards (session fixation, OWASP). Call it whenever the
     * privileges of the session change: at login, logout, a change of role. Does nothing when there is no
     * session; the next {@link #put} makes one with a fresh id anyway.
     *
     * @throws IllegalStateException if there is a session and the response is already committed
     */
    void regenerateId();
}
