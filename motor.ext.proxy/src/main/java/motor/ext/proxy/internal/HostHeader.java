package motor.ext.proxy.internal;

import java.net.http.HttpRequest;

/**
 * Whether the JDK's HTTP client will send a {@code Host} field of our choosing. It refuses a few fields
 * ({@code Host} among them) unless the system property {@code jdk.httpclient.allowRestrictedHeaders}
 * lists them when the client's classes are first used; the property cannot change the decision later.
 */
final class HostHeader {

    static final String PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

    private HostHeader() {
    }

    /**
     * Makes sure {@code Host} can be sent. When the property is not set at all it is set to {@code host},
     * which works if no HTTP client was used yet in this JVM; an operator's own value is never changed.
     *
     * @throws IllegalStateException if the JDK still refuses
     */
    static void ensureAllowed() {
        // the property must be set before the first use of the client's classes, the probe included
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "host");
        }
        if (allowed()) {
            return;
        }
        throw new IllegalStateException("preserveHost needs the JVM started with -D" + PROPERTY
                + "=host (the JDK HTTP client refuses to send Host otherwise)");
    }

    private static boolean allowed() {
        try {
            HttpRequest.newBuilder().header("Host", "probe.invalid");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
