/**
 * Rate limiting: the {@code ratelimit} extension counts requests per client, API key, user or in total
 * against configured rules and answers 429 with {@code Retry-After} beyond them; {@link
 * motor.ext.ratelimit.RateLimit} does the same for a single route in code.
 */
package motor.ext.ratelimit;
