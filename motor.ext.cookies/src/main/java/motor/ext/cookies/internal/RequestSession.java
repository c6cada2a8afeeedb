package motor.ext.cookies.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import motor.ext.cookies.Session;
import motor.ext.cookies.SessionData;
import motor.ext.cookies.SetCookie;
import motor.spi.Headers;
import motor.spi.Request;

/**
 * The {@link Session} of one request: finds the session on first use, creates it on first write, and
 * decides once, when the response is about to commit, which {@code Set-Cookie} the response needs.
 *
 * <pre>
 *   untouched --first read--> loaded (session or none)
 *   loaded, none --put--> created (new id: cookie to set)
 *   loaded, session --regenerateId--> new id (cookie to set)
 *   any --invalidate--> none (client's cookie to delete, unless a put creates another)
 *   any --response commits--> head written: the cookie is decided; creating or regenerating now throws
 * </pre>
 *
 * A client whose cookie names an unknown or expired session is not sent a deleting cookie: another
 * request of the same client may be setting a fresh cookie at the same moment (a login that regenerated
 * the id), and a deletion arriving after it would log the client out.
 *
 * <p>A lock guards the state in case a handler passes the session to threads of its own; the values
 * themselves are shared with other requests through {@link SessionData}.
 */
final class RequestSession implements Session {

    private final SessionManager manager;
    private final Request request;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean loaded;
    /** Whether the client holds a session cookie whose signature verified. */
    private boolean clientHasCookie;
    private SessionData data;
    /** Whether data's id is one the client does not have yet. */
    private boolean newId;
    /** Whether the client's cookie must be deleted. */
    private boolean deleteCookie;
    /** Whether values changed since the store last saw them. */
    private boolean dirty;
    private boolean headWritten;

    RequestSession(SessionManager manager, Request request) {
        this.manager = manager;
        this.request = request;
    }

    @Override
    public Object get(String name) {
        Objects.requireNonNull(name, "name");
        lock.lock();
        try {
            load();
            return data == null ? null : data.values().get(name);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            remove(name);
            return;
        }
        lock.lock();
        try {
            load();
            if (data == null) {
                requireHeadOpen("create a session");
                data = manager.create();
                newId = true;
            }
            data.values().put(name, value);
            dirty = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Object remove(String name) {
        Objects.requireNonNull(name, "name");
        lock.lock();
        try {
            load();
            if (data == null) {
                return null;
            }
            Object old = data.values().remove(name);
            dirty |= old != null;
            return old;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<String> names() {
        lock.lock();
        try {
            load();
            return data == null ? Set.of() : Set.copyOf(data.values().keySet());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean exists() {
        lock.lock();
        try {
            load();
            return data != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String id() {
        lock.lock();
        try {
            load();
            return data == null ? null : data.id();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Instant created() {
        lock.lock();
        try {
            load();
            return data == null ? null : data.created();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void invalidate() {
        lock.lock();
        try {
            load();
            if (data != null) {
                manager.remove(data.id());
                data = null;
                newId = false;
                dirty = false;
            }
            deleteCookie = clientHasCookie;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void regenerateId() {
        lock.lock();
        try {
            load();
            if (data == null) {
                return;
            }
            requireHeadOpen("regenerate the session id");
            data = manager.regenerate(data);
            newId = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called once the response is about to commit (or to fail with an error response): adds the
     * {@code Set-Cookie} the session needs to {@code headers}, and saves a changed session, so that the
     * client's next request finds it. Only the first call does anything.
     *
     * @param headers the headers of the response about to go out
     */
    void beforeCommit(Headers headers) {
        lock.lock();
        try {
            if (headWritten) {
                return;
            }
            headWritten = true;
            SetCookie cookie = cookie();
            if (cookie != null) {
                headers.add("Set-Cookie", cookie.headerValue());
            }
            saveIfDirty();
        } finally {
            lock.unlock();
        }
    }

    /** Called when the request is done: saves values changed after the response committed. */
    void afterRequest() {
        lock.lock();
        try {
            saveIfDirty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts the session's cookie on an error response that replaces the response: the server starts an
     * error response from fresh headers, so a cookie already added to the failed response's headers
     * (by {@code output()}, say, before anything was written) must be added again.
     *
     * @param headers the error's headers
     * @return whether a cookie was added
     */
    boolean addToError(Headers headers) {
        lock.lock();
        try {
            if (!headWritten) {
                beforeCommit(headers);
                return headers.contains("Set-Cookie");
            }
            SetCookie cookie = cookie();
            if (cookie != null) {
                headers.add("Set-Cookie", cookie.headerValue());
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether an error response replacing this response must carry the session's cookie} */
    boolean needsCookieOnError() {
        lock.lock();
        try {
            return cookie() != null;
        } finally {
            lock.unlock();
        }
    }

    private SetCookie cookie() {
        if (data != null && newId) {
            return manager.cookie(data.id(), request);
        }
        if (data == null && deleteCookie) {
            return manager.deletion(request);
        }
        return null;
    }

    private void saveIfDirty() {
        if (dirty && data != null) {
            dirty = false;
            manager.save(data);
        }
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        String id = manager.idFrom(request);
        if (id != null) {
            clientHasCookie = true;
            data = manager.find(id);
        }
    }

    private void requireHeadOpen(String what) {
        if (headWritten) {
            throw new IllegalStateException("cannot " + what + " after the response has started: the session cookie "
                    + "can no longer be sent");
        }
    }
}
