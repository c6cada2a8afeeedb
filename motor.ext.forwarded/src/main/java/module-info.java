/**
 * The trusted proxy headers extension for Motor (work in progress).
 */
module motor.ext.forwarded {
    requires transitive motor.spi;

    // exports motor.ext.forwarded; (add once the package holds API)

    provides motor.spi.extension.Extension with motor.ext.forwarded.internal.ForwardedExtension;
}
