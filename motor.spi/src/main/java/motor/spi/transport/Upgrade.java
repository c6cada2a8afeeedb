package motor.spi.transport;

/**
 * Runs a protocol on a connection after a {@code 101 Switching Protocols} response; see
 * {@link motor.spi.Response#upgrade}.
 */
@FunctionalInterface
public interface Upgrade {

    /**
     * Runs the protocol until the connection ends. Called on the connection's virtual thread after the
     * 101 response has been written; the server closes the connection when this returns or throws.
     *
     * @param connection the connection
     * @throws Exception if the protocol fails; logged, then the connection is closed
     */
    void run(Connection connection) throws Exception;
}
