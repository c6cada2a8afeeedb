package motor.ext.cache.internal;

import java.time.Instant;
import motor.ext.cache.CachedResponse;
import motor.spi.Preconditions;

/**
 * Freshness and age of a stored response (RFC 9111 sections 4.2.1 and 4.2.3), in milliseconds, for a
 * shared cache with heuristic freshness off: a response is fresh only for the lifetime it states.
 *
 * <pre>
 *   lifetime       = s-maxage, else max-age, else Expires - Date (Date absent: the response time),
 *                    else 0; an invalid value counts as 0 (stale)
 *   apparent_age   = max(0, response_time - date_value)
 *   corrected_age  = age_value + (response_time - request_time)
 *   initial_age    = max(apparent_age, corrected_age)
 *   current_age    = initial_age + (now - response_time)
 *   fresh          = lifetime &gt; current_age
 * </pre>
 */
final class Freshness {

    private Freshness() {
    }

    /**
     * {@return whether the response states a lifetime of its own ({@code s-maxage}, {@code max-age} or
     * {@code Expires}), valid or not}
     *
     * @param control  its directives
     * @param expires  its {@code Expires} value, or null
     */
    static boolean explicit(CacheControl control, String expires) {
        return control.sMaxAge() != CacheControl.ABSENT || control.maxAge() != CacheControl.ABSENT || expires != null;
    }

    /**
     * {@return the freshness lifetime in milliseconds, 0 or more}
     *
     * @param response the stored response
     * @param control  its directives
     */
    static long lifetime(CachedResponse response, CacheControl control) {
        if (control.sMaxAge() != CacheControl.ABSENT) {
            return seconds(control.sMaxAge());
        }
        if (control.maxAge() != CacheControl.ABSENT) {
            return seconds(control.maxAge());
        }
        String expires = response.header("Expires");
        if (expires == null) {
            return 0;
        }
        Instant expiry = Preconditions.parseDate(expires, response.responseTime());
        if (expiry == null) {
            return 0; // invalid, such as "0": already expired (RFC 9111 section 5.3)
        }
        return Math.max(0, expiry.toEpochMilli() - dateValue(response).toEpochMilli());
    }

    /**
     * {@return the current age in milliseconds}
     *
     * @param response the stored response
     * @param now      the current time
     */
    static long currentAge(CachedResponse response, Instant now) {
        long responseTime = response.responseTime().toEpochMilli();
        long apparent = Math.max(0, responseTime - dateValue(response).toEpochMilli());
        long ageValue = 0;
        String age = response.header("Age");
        if (age != null) {
            long parsed = CacheControl.delta(age.strip());
            ageValue = parsed < 0 ? 0 : parsed * 1000;
        }
        long corrected = ageValue + Math.max(0, responseTime - response.requestTime().toEpochMilli());
        long initial = Math.max(apparent, corrected);
        return initial + Math.max(0, now.toEpochMilli() - responseTime);
    }

    /** The {@code Date} the response carries, or the time it was received. */
    private static Instant dateValue(CachedResponse response) {
        String date = response.header("Date");
        Instant parsed = date == null ? null : Preconditions.parseDate(date, response.responseTime());
        return parsed != null ? parsed : response.responseTime();
    }

    /** Delta-seconds as milliseconds; an invalid value is 0. */
    private static long seconds(long delta) {
        return delta < 0 ? 0 : delta * 1000;
    }
}
