package motor.core.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import motor.spi.event.Subscription;
import motor.spi.event.Topic;
import org.junit.jupiter.api.Test;

class LocalEventBusTest {

    record Ping(int n) {
    }

    record Other() {
    }

    @Test
    void deliversByExactTypeInSubscriptionOrder() {
        LocalEventBus bus = new LocalEventBus();
        List<String> seen = new ArrayList<>();
        bus.subscribe(Ping.class, p -> seen.add("first " + p.n()));
        bus.subscribe(Ping.class, p -> seen.add("second " + p.n()));
        bus.subscribe(Other.class, o -> seen.add("other"));
        bus.publish(new Ping(1));
        assertEquals(List.of("first 1", "second 1"), seen);
    }

    @Test
    void topicIsInactiveWithoutListenersAndAfterUnsubscribing() {
        LocalEventBus bus = new LocalEventBus();
        Topic<Ping> topic = bus.topic(Ping.class);
        assertFalse(topic.active());
        Subscription subscription = bus.subscribe(Ping.class, p -> { });
        assertTrue(topic.active());
        assertSame(topic, bus.topic(Ping.class));
        subscription.close();
        subscription.close();
        assertFalse(topic.active());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        LocalEventBus bus = new LocalEventBus();
        List<Integer> seen = new ArrayList<>();
        bus.subscribe(Ping.class, p -> {
            throw new IllegalStateException("listener bug");
        });
        bus.subscribe(Ping.class, p -> seen.add(p.n()));
        bus.publish(new Ping(7));
        assertEquals(List.of(7), seen);
    }

    @Test
    void unsubscribingDuringDeliveryIsSafe() {
        LocalEventBus bus = new LocalEventBus();
        List<Integer> seen = new ArrayList<>();
        Subscription[] self = new Subscription[1];
        self[0] = bus.subscribe(Ping.class, p -> {
            seen.add(p.n());
            self[0].close();
        });
        bus.publish(new Ping(1));
        bus.publish(new Ping(2));
        assertEquals(List.of(1), seen);
    }
}
