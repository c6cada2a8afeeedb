package motor.ext.cache.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import motor.ext.cache.CacheStore;
import motor.ext.cache.CachedResponse;

/**
 * The default {@link CacheStore}: a map in access order, so that its first entry is the least recently
 * used URL, bounded by the total {@link CachedResponse#size()} of what it holds.
 *
 * <p>One lock guards the map and the byte count; nothing under it blocks or allocates much (lists of
 * variants are replaced, never changed in place, so {@link #get} hands out the stored list itself).
 */
public final class MemoryStore implements CacheStore {

    private final long maxBytes;
    private final int maxVariants;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, List<CachedResponse>> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /**
     * Creates a store.
     *
     * @param maxBytes    the total size bound
     * @param maxVariants the most variants per URL
     */
    public MemoryStore(long maxBytes, int maxVariants) {
        if (maxBytes <= 0 || maxVariants <= 0) {
            throw new IllegalArgumentException("the store's bounds must be positive: maxBytes " + maxBytes
                    + ", maxVariants " + maxVariants);
        }
        this.maxBytes = maxBytes;
        this.maxVariants = maxVariants;
    }

    @Override
    public List<CachedResponse> get(String key) {
        lock.lock();
        try {
            List<CachedResponse> variants = entries.get(key);
            return variants == null ? List.of() : variants;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(String key, CachedResponse response) {
        long size = response.size() + key.length();
        if (size > maxBytes) {
            return;
        }
        lock.lock();
        try {
            List<CachedResponse> old = entries.get(key);
            List<CachedResponse> variants = new ArrayList<>(old == null ? 1 : old.size() + 1);
            if (old != null) {
                for (CachedResponse variant : old) {
                    if (!variant.variantKey().equals(response.variantKey())) {
                        variants.add(variant);
                    }
                }
            }
            variants.add(response);
            while (variants.size() > maxVariants) {
                variants.remove(0);
            }
            bytes += weight(key, variants) - weight(key, old);
            entries.put(key, List.copyOf(variants));
            evict(key);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void remove(String key) {
        lock.lock();
        try {
            bytes -= weight(key, entries.remove(key));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            entries.clear();
            bytes = 0;
        } finally {
            lock.unlock();
        }
    }

    /** {@return the total size of what is stored, as counted against the bound} */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many URLs have responses stored} */
    public int keys() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops least recently used URLs until the total fits. The URL just stored is the most recently used
     * and goes last; if it alone is too big, its older variants go before it does.
     */
    private void evict(String justStored) {
        Iterator<Map.Entry<String, List<CachedResponse>>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, List<CachedResponse>> entry = it.next();
            if (entry.getKey().equals(justStored)) {
                continue;
            }
            bytes -= weight(entry.getKey(), entry.getValue());
            it.remove();
        }
        if (bytes > maxBytes) {
            List<CachedResponse> variants = entries.get(justStored);
            long before = weight(justStored, variants);
            // the newest variant is last and fits on its own (checked in put)
            List<CachedResponse> kept = List.of(variants.get(variants.size() - 1));
            entries.put(justStored, kept);
            bytes += weight(justStored, kept) - before;
        }
    }

    private static long weight(String key, List<CachedResponse> variants) {
        if (variants == null) {
            return 0;
        }
        long total = 0;
        for (CachedResponse variant : variants) {
            total += variant.size() + key.length();
        }
        return total;
    }
}
