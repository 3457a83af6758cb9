package io.fnpulse.dashboard;

import static org.awaitility.Awaitility.await;

import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;

/**
 * Takes the test's Redis away and brings it back. After the restart the test's own pooled client may still hold a
 * connection to the old server, so {@link #end()} waits until the client answers again.
 */
public final class RedisOutage implements AutoCloseable {

    private final TestRedis redis;
    private boolean down;

    public RedisOutage(TestRedis redis) {
        this.redis = redis;
    }

    public void begin() {
        redis.stop();
        down = true;
    }

    public void end() {
        redis.start();
        down = false;
        await("the test's Redis client after the restart")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> "PONG".equals(redis.client().ping()));
    }

    /** Ends the outage if a failed test left Redis down. */
    @Override
    public void close() {
        if (down) {
            end();
        }
    }
}
