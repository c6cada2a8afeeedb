package motor.ext.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import motor.ext.auth.PasswordVerifier;
import motor.ext.auth.User;

/**
 * Users with PBKDF2 password hashes; see {@link motor.ext.auth.Passwords#verifier}.
 *
 * <p><b>Equal work.</b> A user name that is not in the store is checked against a hash that matches
 * nothing, with as many iterations as the most expensive stored hash, so that an unknown user takes as
 * long as a wrong password.
 *
 * <p><b>Cache.</b> PBKDF2 is slow on purpose (about a quarter of a second of CPU at 600,000 iterations),
 * and Basic sends the password with every request. A pair that verified is therefore remembered for a
 * while, as an HMAC under a key made at random for this store (never the password itself); a request with
 * the same pair within that time skips the derivation. Failures are never remembered. The cache holds at
 * most {@value #MAX_CACHED} pairs.
 *
 * <p><b>CPU.</b> At most half the processors (at least one) derive keys at once; further checks wait their
 * turn, so that a burst of logins cannot take every carrier thread from the rest of the server.
 */
public final class PasswordStore implements PasswordVerifier {

    /** The most verified pairs remembered. */
    static final int MAX_CACHED = 4096;

    private final Map<String, PasswordHash> hashes;
    private final Map<String, Principal> principals;
    private final PasswordHash unknown;
    private final long cacheNanos;
    private final LongSupplier clock;
    private final SecretKeySpec cacheKey;
    private final Map<String, Long> cache = new ConcurrentHashMap<>();
    /** Key derivations at once: half the processors, so that logins cannot take the whole server. */
    final Semaphore derivations;
    /**
     * How long a check waits for a derivation slot before the request gets 503: a flood of wrong
     * passwords then costs those requests their answer, not every other login an endless wait.
     */
    Duration maxWait = Duration.ofSeconds(5);
    private final int maxCached;
    private final java.util.concurrent.atomic.AtomicLong derived = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Creates a store.
     *
     * @param hashes   user names to parsed hashes
     * @param cacheTtl how long a verified pair is remembered; zero for not at all
     * @param clock    nanosecond time source, {@link System#nanoTime} outside tests
     */
    public PasswordStore(Map<String, PasswordHash> hashes, Duration cacheTtl, LongSupplier clock) {
        this(hashes, cacheTtl, clock, MAX_CACHED);
    }

    /** As above, with the cache's bound given, for tests. */
    PasswordStore(Map<String, PasswordHash> hashes, Duration cacheTtl, LongSupplier clock, int maxCached) {
        this.maxCached = maxCached;
        SecureRandom random = new SecureRandom();
        this.hashes = new HashMap<>();
        this.principals = new HashMap<>();
        int iterations = PasswordHash.MIN_ITERATIONS;
        for (Map.Entry<String, PasswordHash> e : hashes.entrySet()) {
            String name = nfc(e.getKey());
            if (this.hashes.put(name, e.getValue()) != null) {
                throw new IllegalArgumentException("user " + name + " is listed twice");
            }
            principals.put(name, new User(name, "Basic"));
            iterations = Math.max(iterations, e.getValue().iterations());
        }
        this.unknown = PasswordHash.unmatchable(iterations, random);
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("the cache time cannot be negative");
        }
        this.cacheNanos = cacheTtl.toNanos();
        this.clock = clock;
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
        this.derivations = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);
    }

    /**
     * Parses hash texts into a store.
     *
     * @param hashes   user names to hash texts
     * @param cacheTtl how long a verified pair is remembered; zero for not at all
     * @return the store
     * @throws IllegalArgumentException naming the user whose hash is malformed
     */
    public static PasswordStore of(Map<String, String> hashes, Duration cacheTtl) {
        Map<String, PasswordHash> parsed = new HashMap<>();
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            checkUserName(e.getKey());
            try {
                parsed.put(e.getKey(), PasswordHash.parse(e.getValue()));
            } catch (IllegalArgumentException problem) {
                throw new IllegalArgumentException("the hash of user " + e.getKey() + " is malformed: "
                        + problem.getMessage(), problem);
            }
        }
        return new PasswordStore(parsed, cacheTtl, System::nanoTime);
    }

    /**
     * Checks that a name can be sent with Basic: not empty, no colon, no control characters.
     *
     * @param name the user name
     * @throws IllegalArgumentException if it cannot
     */
    public static void checkUserName(String name) {
        if (name.isEmpty() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a user name must not be empty or hold a colon: \"" + name + "\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw new IllegalArgumentException("a user name must not hold control characters");
            }
        }
    }

    /** {@return the number of users} */
    public int size() {
        return hashes.size();
    }

    /** {@return whether a user of this name exists, for checking configuration} */
    public boolean contains(String name) {
        return hashes.containsKey(nfc(name));
    }

    @Override
    public Optional<Principal> verify(String user, String password) throws InterruptedException {
        user = nfc(user);
        password = nfc(password);
        String cached = cacheNanos > 0 ? fingerprint(user, password) : null;
        if (cached != null) {
            Long expiry = cache.get(cached);
            if (expiry != null) {
                if (clock.getAsLong() - expiry < 0) {
                    return Optional.ofNullable(principals.get(user));
                }
                cache.remove(cached, expiry);
            }
        }
        PasswordHash hash = hashes.get(user);
        boolean matches;
        if (!derivations.tryAcquire(maxWait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            throw new motor.spi.HttpException(motor.spi.Status.SERVICE_UNAVAILABLE,
                    "too many password checks at once; try again shortly").header("Retry-After", "1");
        }
        derived.incrementAndGet();
        try {
            matches = (hash != null ? hash : unknown).matches(password);
        } finally {
            derivations.release();
        }
        if (!matches || hash == null) {
            return Optional.empty();
        }
        if (cached != null) {
            remember(cached);
        }
        return Optional.of(principals.get(user));
    }

    /** {@return how many keys were derived so far, for tests of the cache} */
    long derived() {
        return derived.get();
    }

    /** {@return the number of pairs remembered} */
    int cached() {
        return cache.size();
    }

    /** {@return the iteration count spent on unknown users} */
    int unknownIterations() {
        return unknown.iterations();
    }

    private void remember(String fingerprint) {
        long now = clock.getAsLong();
        if (cache.size() >= maxCached) {
            cache.values().removeIf(expiry -> now - expiry >= 0);
            if (cache.size() >= maxCached) {
                cache.clear();
            }
        }
        cache.put(fingerprint, now + cacheNanos);
    }

    /** An HMAC of the pair under this store's random key: names the pair without revealing it. */
    private String fingerprint(String user, String password) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            mac.update(secret);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    private static String nfc(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    @Override
    public String toString() {
        return "PasswordStore[" + hashes.size() + " users]";
    }
}
