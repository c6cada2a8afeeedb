/**
 * Testing Motor applications and extensions.
 *
 * <ul>
 *   <li>{@link motor.test.TestServer}: a real server on {@code 127.0.0.1} and a port the system picks,
 *       started for one test or a whole class, with a JDK {@code HttpClient} and helpers that bound every
 *       wait;</li>
 *   <li>{@link motor.test.Curl}: the curl binary, run with a time limit, for tests that want a client the
 *       project did not write;</li>
 *   <li>{@link motor.test.RawClient}: a socket for bytes that no client library would send;</li>
 *   <li>{@link motor.test.TestRequest} and {@link motor.test.TestResponse}: an in-memory request and
 *       response with the server's semantics (body limits with 413, commit rules), for unit tests of
 *       middleware, handlers and body parsers.</li>
 * </ul>
 */
package motor.test;
