package motor.ext.cookies.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import motor.ext.cookies.CookieSigner;
import motor.ext.cookies.Sessions;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.ResponseWrapper;
import motor.spi.Status;
import motor.spi.transport.Upgrade;

/**
 * Puts the signer and, when sessions are on, a {@link RequestSession} on every request, and adds the
 * session cookie to the response before it commits.
 *
 * <p>The response is wrapped so that the cookie goes into the headers just before the body is sent or
 * the stream opened (the last moment the head can change); a handler that sends nothing gets it after
 * it returns, while the response is still open. An error response starts from fresh headers, so the
 * cookie then goes into the {@link HttpException}'s headers: a session created or regenerated before
 * the failure still reaches the client, which otherwise would keep a cookie whose id is gone.
 */
final class CookieMiddleware implements Middleware {

    private final CookieSigner signer;
    private final SessionManager sessions;

    /**
     * @param signer   the signer for every request
     * @param sessions the session manager, or {@code null} when sessions are off
     */
    CookieMiddleware(CookieSigner signer, SessionManager sessions) {
        this.signer = signer;
        this.sessions = sessions;
    }

    @Override
    public void handle(Request request, Response response, Handler next) throws Exception {
        request.attributes().put(CookieSigner.ATTRIBUTE, signer);
        if (sessions == null) {
            next.handle(request, response);
            return;
        }
        RequestSession session = new RequestSession(sessions, request);
        request.attributes().put(Sessions.ATTRIBUTE, session);
        try {
            next.handle(request, new SessionResponse(response, session));
        } catch (HttpException e) {
            if (!response.committed()) {
                session.addToError(e.headers());
            }
            afterFailure(session, e);
            throw e;
        } catch (Exception e) {
            if (response.committed() || !session.needsCookieOnError()) {
                afterFailure(session, e);
                throw e;
            }
            // as HttpException's contract asks: the failure is logged as a failure, with its cause
            HttpException wrapped = new HttpException(Status.INTERNAL_SERVER_ERROR, null, e);
            session.addToError(wrapped.headers());
            afterFailure(session, wrapped);
            throw wrapped;
        }
        if (!response.committed()) {
            session.beforeCommit(response.headers());
        }
        session.afterRequest();
    }

    /** Saves what the failed request changed, as a successful one would; a second failure rides along. */
    private static void afterFailure(RequestSession session, Exception failure) {
        try {
            session.afterRequest();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Adds the session cookie at the last moment the head can still change. */
    private static final class SessionResponse extends ResponseWrapper {

        private final RequestSession session;

        SessionResponse(Response delegate, RequestSession session) {
            super(delegate);
            this.session = session;
        }

        @Override
        public void send(byte[] body) throws IOException {
            session.beforeCommit(headers());
            super.send(body);
        }

        @Override
        public OutputStream output() throws IOException {
            session.beforeCommit(headers());
            return super.output();
        }

        @Override
        public void send(FileChannel file, long position, long count) throws IOException {
            session.beforeCommit(headers());
            unwrap().send(file, position, count);
        }

        @Override
        public void upgrade(Upgrade upgrade) {
            session.beforeCommit(headers());
            super.upgrade(upgrade);
        }
    }
}
