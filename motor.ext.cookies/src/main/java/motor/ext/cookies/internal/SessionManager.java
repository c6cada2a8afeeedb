package motor.ext.cookies.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import motor.ext.cookies.CookieSigner;
import motor.ext.cookies.SessionData;
import motor.ext.cookies.SessionStore;
import motor.ext.cookies.SetCookie;
import motor.spi.Request;

/**
 * Everything about sessions that outlives a request: the settings, the signer, the store and the clock;
 * makes ids and session cookies, and checks expiry on every lookup, whatever the store.
 *
 * <p>Session ids are 32 bytes (256 bits) from {@link SecureRandom}, in base64url: far past the 128 bits
 * OWASP asks for, so that guessing one is hopeless. The cookie carries the id signed with the first key,
 * so that a forged or stale-keyed cookie is refused before the store is asked.
 */
public final class SessionManager {

    private static final int ID_BYTES = 32;

    private final SessionSettings settings;
    private final CookieSigner signer;
    private final Supplier<Optional<SessionStore>> provided;
    private final SessionStore memory;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private volatile SessionStore store;

    /**
     * Creates a manager.
     *
     * @param settings the settings
     * @param signer   signs and verifies the session cookie
     * @param provided finds a store another extension provided, asked when the first session is used
     * @param clock    the time
     */
    public SessionManager(SessionSettings settings, CookieSigner signer, Supplier<Optional<SessionStore>> provided,
            InstantSource clock) {
        this.settings = settings;
        this.signer = signer;
        this.provided = provided;
        this.memory = new MemorySessionStore(settings.maxSessions(), settings.idleTimeout(), settings.maxAge());
        this.clock = clock;
    }

    /** {@return the store: one another extension provided, or the in-memory one} */
    public SessionStore store() {
        SessionStore s = store;
        if (s == null) {
            s = provided.get().orElse(memory);
            store = s;
        }
        return s;
    }

    /** {@return the settings} */
    SessionSettings settings() {
        return settings;
    }

    /** {@return now, by the manager's clock} */
    Instant now() {
        return clock.instant();
    }

    /** {@return the session id in the request's session cookie, if one verifies} */
    String idFrom(Request request) {
        return signer.get(request, settings.cookieName());
    }

    /** {@return the live session with that id, touched, or {@code null} if it is unknown or expired} */
    SessionData find(String id) {
        Instant now = now();
        SessionStore s = store();
        SessionData session = s.find(id, now);
        if (session == null) {
            return null;
        }
        if (expired(session, now)) {
            s.remove(id);
            return null;
        }
        session.touch(now);
        return session;
    }

    /** {@return a new, empty session, already in the store} */
    SessionData create() {
        Instant now = now();
        SessionData session = new SessionData(newId(), now);
        store().add(session, now);
        return session;
    }

    /**
     * Moves a session to a new id: the values go over, the creation time too (the absolute timeout counts
     * from the first creation), and the old id is forgotten.
     */
    SessionData regenerate(SessionData old) {
        Instant now = now();
        SessionData session = new SessionData(newId(), old.created(), now, old.values());
        SessionStore s = store();
        s.add(session, now);
        s.remove(old.id());
        return session;
    }

    void remove(String id) {
        store().remove(id);
    }

    void save(SessionData session) {
        store().save(session, now());
    }

    /** {@return the cookie that gives the client this session id} */
    SetCookie cookie(String id, Request request) {
        return settings.cookie(signer.sign(settings.cookieName(), id), secure(request));
    }

    /** {@return the cookie that deletes the client's session cookie} */
    SetCookie deletion(Request request) {
        return settings.cookie("", secure(request));
    }

    private boolean secure(Request request) {
        return settings.secure() == SessionSettings.SecureMode.ALWAYS || "https".equals(request.scheme());
    }

    private boolean expired(SessionData session, Instant now) {
        return !now.isBefore(session.lastAccessed().plus(settings.idleTimeout()))
                || !now.isBefore(session.created().plus(settings.maxAge()));
    }

    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
