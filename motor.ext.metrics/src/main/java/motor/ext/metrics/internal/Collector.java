package motor.ext.metrics.internal;

import java.util.List;

/** A source of metric families that writes itself in the exposition format. */
interface Collector {

    /** {@return the names of the families it writes, and the sample names they use, for clashes} */
    List<String> names();

    /**
     * Appends the families' lines.
     *
     * @param out where to write
     */
    void write(StringBuilder out);
}
