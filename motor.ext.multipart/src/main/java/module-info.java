/**
 * Forms for Motor: {@code application/x-www-form-urlencoded} and {@code multipart/form-data} (RFC 7578)
 * request bodies, read into a {@link motor.ext.multipart.Form} (text fields in memory, large files in
 * temporary files) or streamed part by part with a {@link motor.ext.multipart.PartReader}. The
 * {@code multipart} extension configures the limits and deletes temporary files when each request ends;
 * without it the API works with defaults and {@link motor.ext.multipart.Form#close()} cleans up.
 */
module motor.ext.multipart {
    requires transitive motor.spi;

    exports motor.ext.multipart;

    provides motor.spi.extension.Extension with motor.ext.multipart.internal.MultipartExtension;
}
