/**
 * Motor's test kit: {@link motor.test.TestServer} runs a real server on an ephemeral loopback port for a
 * test (by hand or as a JUnit 5 extension) with a JDK client; {@link motor.test.Curl} and
 * {@link motor.test.RawClient} call it the way curl and hostile clients do, {@link motor.test.Browser} the
 * way a real browser does; {@link motor.test.TestRequest}
 * and {@link motor.test.TestResponse} stand in for the server's exchange so that middleware, handlers and
 * parsers can be tested without sockets.
 *
 * <p>Add it with test scope. It requires the core (it starts servers), the JDK HTTP client and the
 * JUnit Jupiter API, and passes all three on to the modules that read it.
 */
module motor.test {
    requires transitive motor.core;
    requires transitive java.net.http;
    requires transitive org.junit.jupiter.api;

    exports motor.test;
}
