/**
 * The response cache's storage interface.
 *
 * <ul>
 *   <li>{@link motor.ext.cache.CacheStore}: where stored responses live; in memory, bounded and LRU,
 *       unless an extension provides another with {@code context.provide(CacheStore.class, store)};</li>
 *   <li>{@link motor.ext.cache.CachedResponse}: one stored response, a value.</li>
 * </ul>
 *
 * <p>Applications normally use the cache through configuration alone (the {@code cache} section); this
 * package is for those who plug in their own storage or want to purge entries.
 */
package motor.ext.cache;
