package motor.ext.cache;

import java.util.List;
import motor.ext.cache.internal.MemoryStore;

/**
 * Where the response cache keeps what it stores. The {@code cache} extension keeps responses in memory
 * (bounded, least recently used first out) unless another extension provides a store with
 * {@code context.provide(CacheStore.class, store)} in its {@code install}; the cache looks the store up
 * when the first request reaches it, so install order does not matter.
 *
 * <p>Responses are filed under a <em>key</em>, the URL they answer ({@code https://example.com/a?b}:
 * scheme, authority in lower case, path and query as the client sent them), and within a key by their
 * {@link CachedResponse#variantKey() variant key}: the responses of one URL that differ by
 * {@code Vary}. The cache alone decides what may be stored and whether a stored response may be served;
 * a store only keeps, finds and forgets.
 *
 * <p>Implementations must be thread-safe: requests call them concurrently, on their own (virtual)
 * threads, and may block (a store across the network, say). A store may forget anything at any time: a
 * response it no longer has is simply a miss.
 */
public interface CacheStore {

    /**
     * Finds the responses stored under a key, counting the lookup as a use.
     *
     * @param key the URL
     * @return the stored variants, in no particular order; empty if there are none
     */
    List<CachedResponse> get(String key);

    /**
     * Stores a response under a key, replacing the one with the same variant key, if any. A bounded store
     * makes room by dropping others, or declines a response it cannot hold.
     *
     * @param key      the URL
     * @param response the response
     */
    void put(String key, CachedResponse response);

    /**
     * Forgets every response stored under a key; does nothing if there is none. The cache calls this when
     * an unsafe request ({@code POST}, {@code PUT}, {@code DELETE} ...) to the URL succeeds (RFC 9111
     * section 4.4); an application purges an entry the same way.
     *
     * @param key the URL
     */
    void remove(String key);

    /** Forgets everything. */
    void clear();

    /**
     * {@return the key the cache files the responses of a URL under}
     * For purging: {@code store.remove(CacheStore.key("https", "example.com", "/news?page=2"))}.
     *
     * @param scheme    {@code http} or {@code https}
     * @param authority the host and any port, as in the {@code Host} header; compared in lower case
     * @param target    the path and query, as the client sends them (percent-encoded)
     */
    static String key(String scheme, String authority, String target) {
        return scheme + "://" + authority.toLowerCase(java.util.Locale.ROOT) + target;
    }

    /**
     * Creates the in-memory store the cache uses by default: a map bounded by the total
     * {@linkplain CachedResponse#size() size} of what it holds, which drops the least recently used URL
     * (with all its variants) to make room, and keeps at most {@code maxVariants} variants per URL (the
     * least recently stored goes first). A response larger than {@code maxBytes} is not stored.
     *
     * @param maxBytes    the most memory the stored responses may take, about
     * @param maxVariants the most variants kept per URL, 1 or more
     * @return the store
     * @throws IllegalArgumentException if a bound is not positive
     */
    static CacheStore inMemory(long maxBytes, int maxVariants) {
        return new MemoryStore(maxBytes, maxVariants);
    }
}
