package motor.ext.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import motor.ext.cache.CacheStore;
import motor.ext.cache.CachedResponse;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static CachedResponse body(int size, String variant) {
        return new CachedResponse(200, List.of(), new byte[size], variant, T, T);
    }

    private static long weight(String key, CachedResponse r) {
        return r.size() + key.length();
    }

    @Test
    void storesReplacesAndForgets() {
        MemoryStore store = new MemoryStore(1 << 20, 4);
        CachedResponse a = body(10, "");
        store.put("k", a);
        assertEquals(List.of(a), store.get("k"));
        CachedResponse b = body(20, "");
        store.put("k", b);
        assertEquals(List.of(b), store.get("k"), "the same variant is replaced");
        assertEquals(weight("k", b), store.bytes());
        store.remove("k");
        assertEquals(List.of(), store.get("k"));
        assertEquals(0, store.bytes());
        store.remove("absent");
        assertEquals(0, store.bytes());
    }

    @Test
    void variantsAreBoundedOldestFirst() {
        MemoryStore store = new MemoryStore(1 << 20, 2);
        CachedResponse en = body(1, "en");
        CachedResponse fr = body(1, "fr");
        CachedResponse de = body(1, "de");
        store.put("k", en);
        store.put("k", fr);
        store.put("k", de);
        assertEquals(List.of(fr, de), store.get("k"));
        assertEquals(weight("k", fr) + weight("k", de), store.bytes());
    }

    @Test
    void leastRecentlyUsedGoesFirst() {
        long one = weight("a", body(1000, ""));
        MemoryStore store = new MemoryStore(3 * one, 4);
        store.put("a", body(1000, ""));
        store.put("b", body(1000, ""));
        store.put("c", body(1000, ""));
        assertEquals(3, store.keys());
        store.get("a"); // a is now more recent than b
        store.put("d", body(1000, ""));
        assertEquals(3, store.keys());
        assertEquals(List.of(), store.get("b"), "b was the least recently used");
        assertEquals(1, store.get("a").size());
        assertEquals(1, store.get("c").size());
        assertEquals(1, store.get("d").size());
        assertTrue(store.bytes() <= 3 * one);
    }

    @Test
    void tooBigIsDeclinedAndBigEvictsMany() {
        long small = weight("s0", body(100, ""));
        MemoryStore store = new MemoryStore(10 * small, 4);
        store.put("huge", body((int) (10 * small), ""));
        assertEquals(0, store.keys(), "larger than the whole store");
        for (int i = 0; i < 10; i++) {
            store.put("s" + i, body(100, ""));
        }
        assertEquals(10, store.keys());
        store.put("big", body((int) (5 * small), ""));
        assertTrue(store.bytes() <= 10 * small);
        assertEquals(1, store.get("big").size());
    }

    @Test
    void aKeyWhoseVariantsOutgrowTheStoreKeepsItsNewest() {
        long each = weight("k", body(1000, "a"));
        MemoryStore store = new MemoryStore(each + each / 2, 8);
        store.put("k", body(1000, "a"));
        CachedResponse b = body(1000, "b");
        store.put("k", b);
        assertEquals(List.of(b), store.get("k"));
        assertEquals(weight("k", b), store.bytes());
    }

    @Test
    void clear() {
        MemoryStore store = new MemoryStore(1 << 20, 4);
        store.put("a", body(1, ""));
        store.clear();
        assertEquals(0, store.keys());
        assertEquals(0, store.bytes());
    }

    @Test
    void boundsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> CacheStore.inMemory(0, 1));
        assertThrows(IllegalArgumentException.class, () -> CacheStore.inMemory(1, 0));
    }

    @Test
    void concurrentUseKeepsTheAccountsRight() throws Exception {
        MemoryStore store = new MemoryStore(50_000, 3);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String key = "k" + (i % 37);
                        store.put(key, body(100 + (i % 7) * 50, "v" + ((i + thread) % 5)));
                        store.get("k" + (i % 11));
                        if (i % 50 == 0) {
                            store.remove("k" + (i % 13));
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        long total = 0;
        for (int i = 0; i < 37; i++) {
            for (CachedResponse r : store.get("k" + i)) {
                total += weight("k" + i, r);
            }
            assertTrue(store.get("k" + i).size() <= 3);
        }
        assertEquals(total, store.bytes());
        assertTrue(store.bytes() <= 50_000);
    }

    @Test
    void keyFormat() {
        assertEquals("https://example.com:8443/a?b=1", CacheStore.key("https", "Example.COM:8443", "/a?b=1"));
    }
}
