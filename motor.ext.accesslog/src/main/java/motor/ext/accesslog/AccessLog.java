package motor.ext.accesslog;

/**
 * The running access log, provided as a service by the {@code accesslog} extension: find it with
 * {@code request.service(AccessLog.class)} in a handler or {@code context.service(AccessLog.class)} in
 * another extension. Its counters tell whether lines are being lost.
 */
public interface AccessLog {

    /** {@return lines handed to the writer thread since the server started, including dropped ones} */
    long lines();

    /**
     * {@return lines dropped because the queue was full (the disk or the log backend could not keep up)}
     * A steadily growing count calls for a larger {@code queueSize}, a faster disk, or fewer lines
     * ({@code exclude}).
     */
    long dropped();
}
