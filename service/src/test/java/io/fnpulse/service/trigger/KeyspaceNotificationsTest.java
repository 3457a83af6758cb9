package io.fnpulse.service.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/**
 * A pattern's notifications are heard for every matching key (PSUBSCRIBE, not a SUBSCRIBE of the glob's literal
 * channel), and closing the listener leaves the client it was made with fit for any command: the subscription never
 * holds one of its pooled connections.
 */
@ExtendWith(RedisExtension.class)
class KeyspaceNotificationsTest {

    @Test
    void aPatternIsHeardForEveryMatchingKeyAndClosingItLeavesTheClientUsable(TestRedis redis) {
        redis.client().configSet("notify-keyspace-events", "K$t");
        List<String> heard = new CopyOnWriteArrayList<>();
        RedisSettings settings = RedisSettings.local(redis.host(), redis.port());
        try (UnifiedJedis client = settings.connect()) {
            KeyspaceNotifications listener = new KeyspaceNotifications(
                    () -> settings.openSubscriber(client),
                    "m:*:stream",
                    true,
                    KeyspaceNotifications.STREAMS,
                    key -> {
                        if (key != null) {
                            heard.add(key);
                        }
                    },
                    new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));
            listener.start();
            await().atMost(Duration.ofSeconds(10)).until(listener::subscribed);
            client.xadd("m:a:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{}"));
            client.xadd("m:b:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{}"));
            client.set("m:c", "not a stream");
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.containsAll(List.of("m:a:stream", "m:b:stream")));

            listener.close();

            for (int i = 0; i < 40; i++) { // every pooled connection, taken in turn
                client.zadd("members", i, "replica-" + i);
                assertThat(client.zrem("members", "replica-" + i)).isEqualTo(1);
            }
            assertThat(heard).doesNotContain("m:c");
        }
    }
}
