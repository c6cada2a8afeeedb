package motor.ext.accesslog.internal;

/** The line formats. */
enum Format {
    /** Apache/nginx combined: common plus referer and user agent, then the request id. */
    COMBINED,
    /** Apache/nginx common (CLF), then the request id. */
    COMMON,
    /** One JSON object per line with fixed field names. */
    JSON
}
