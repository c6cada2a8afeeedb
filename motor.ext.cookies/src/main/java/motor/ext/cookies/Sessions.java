package motor.ext.cookies;

import motor.spi.Request;

/**
 * Access to sessions for handlers:
 *
 * <pre>{@code
 * Session session = Sessions.of(request);
 * Integer visits = session.get("visits", Integer.class);
 * session.put("visits", visits == null ? 1 : visits + 1);
 * }</pre>
 *
 * <p>Sessions need the cookies extension with {@code session.enabled} (the default): its middleware puts a
 * {@link Session} on every request and adds the session cookie to the response. Middleware that wants the
 * session must run after it, at an order above {@link #MIDDLEWARE_ORDER}.
 */
public final class Sessions {

    /** The request attribute under which the session middleware puts the request's {@link Session}. */
    public static final String ATTRIBUTE = "motor.ext.cookies.session";

    /**
     * Where the session middleware sits in the chain: {@code Middleware.SECURITY + 100}, after rate limits,
     * CORS and security headers (so that requests they reject never touch the session store) and before
     * content codings and application middleware (so that they can use sessions).
     */
    public static final int MIDDLEWARE_ORDER = motor.spi.Middleware.SECURITY + 100;

    private Sessions() {
    }

    /**
     * {@return the session of the request's client; it may not exist yet (see {@link Session})}
     *
     * @param request the request
     * @throws IllegalStateException if sessions are not enabled, or the caller runs before the session
     *                               middleware
     */
    public static Session of(Request request) {
        if (request.attributes().get(ATTRIBUTE) instanceof Session session) {
            return session;
        }
        throw new IllegalStateException("no session on this request: sessions need the cookies extension with "
                + "cookies.session.enabled, and middleware using them must run after order " + MIDDLEWARE_ORDER);
    }
}
