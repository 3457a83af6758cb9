package io.fnpulse.stack.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.service.redis.RedisUsers;
import io.fnpulse.testsupport.redis.AclTestRedis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;

/**
 * What each ACL user of the shipped file may not do, on a real redis-server that loaded it: the dashboard writes
 * nothing, the monitor reads nothing (the output key least of all), the runtime touches no key outside its own, no
 * one runs what administers the server, and a client that does not log in can only PING. Run on the redis-server 6.2
 * of {@code ./fnpulse} and on the Redis 7 of the images (skipped with a message where this machine has none).
 */
class RedisUsersRefuseIT {

    private static final ShippedRedisUsers USERS = new ShippedRedisUsers();

    @ParameterizedTest
    @EnumSource(AclTestRedis.Server.class)
    void theDashboardReadsItsKeysAndWritesNothing(AclTestRedis.Server server) {
        try (AclTestRedis redis = start(server)) {
            redis.client().set("metrics-output", "{\"a\":1}");
            redis.client().set("metrics", "{\"in\":1}");
            RedisClient dashboard = as(redis, RedisUsers.DASHBOARD);

            assertThat(dashboard.get("metrics-output")).isEqualTo("{\"a\":1}");
            assertThat(dashboard.strlen("metrics-output:status")).isZero();
            assertThat(dashboard.xrange("metrics-output:history", "-", "+")).isEmpty();
            assertThat(dashboard.xrevrange("{metrics-output}:calls", "+", "-", 1))
                    .isEmpty();
            assertThat(dashboard.type("metrics-output:node-a")).isEqualTo("none");

            assertRefused(() -> dashboard.set("metrics-output", "{}"));
            assertRefused(() -> dashboard.del("metrics-output"));
            assertRefused(() -> dashboard.xadd("metrics-output:history", StreamEntryID.NEW_ENTRY, Map.of("d", "1")));
            assertRefused(() -> dashboard.get("metrics"));
            assertRefused(() -> dashboard.get("other-key"));
            assertRefused(() ->
                    dashboard.eval("return redis.call('SET', KEYS[1], 'x')", List.of("metrics-output"), List.of()));
            assertThat(redis.client().get("metrics-output")).isEqualTo("{\"a\":1}");
        }
    }

    @ParameterizedTest
    @EnumSource(AclTestRedis.Server.class)
    void theMonitorWritesItsKeyAndStreamAndReadsNothing(AclTestRedis.Server server) {
        try (AclTestRedis redis = start(server)) {
            redis.client().set("metrics-output", "{\"a\":1}");
            RedisClient monitor = as(redis, RedisUsers.MONITOR);

            assertThat(monitor.set("metrics", "{\"cpu\":1}")).isEqualTo("OK");
            assertThat(monitor.xadd(
                            "metrics:stream",
                            XAddParams.xAddParams().maxLen(10).approximateTrimming(),
                            Map.of("data", "{}")))
                    .isNotNull();
            assertThat(monitor.set("metrics:node-a", "{}")).isEqualTo("OK");

            assertRefused(() -> monitor.get("metrics-output"));
            assertRefused(() -> monitor.get("metrics"));
            assertRefused(() -> monitor.set("metrics-output", "{}"));
            assertRefused(() -> monitor.del("metrics"));
            assertRefused(() -> monitor.xrange("metrics:stream", "-", "+"));
        }
    }

    @ParameterizedTest
    @EnumSource(AclTestRedis.Server.class)
    void theRuntimeWritesOnlyItsOwnKeys(AclTestRedis.Server server) {
        try (AclTestRedis redis = start(server)) {
            RedisClient runtime = as(redis, RedisUsers.RUNTIME);

            assertThat(runtime.set("metrics-output", "{}")).isEqualTo("OK");
            assertThat(runtime.set("metrics-output:env", "{}")).isEqualTo("OK");
            assertThat(runtime.set("{metrics-output}:status", "{}")).isEqualTo("OK");
            assertThat(runtime.set("metrics-output:node-a:lock", "me")).isEqualTo("OK");
            assertThat(runtime.zadd("fnpulse:fleet:{metrics-output}:members", 1, "me"))
                    .isOne();
            assertThat(runtime.eval(
                            "return redis.call('SET', KEYS[1], 'x')", List.of("metrics-output:inflight"), List.of()))
                    .isEqualTo("OK");

            assertRefused(() -> runtime.set("other-key", "x"));
            assertRefused(() -> runtime.set("second-output", "x"));
            assertRefused(
                    () -> runtime.eval("return redis.call('SET', KEYS[1], 'x')", List.of("other-key"), List.of()));
            assertRefused(() -> runtime.eval("return redis.call('SET', 'other-key', 'x')", List.of(), List.of()));
            assertRefused(() -> runtime.flushAll());
            assertRefused(() -> runtime.keys("*"));
            assertRefused(() -> runtime.sendCommand(Command.CONFIG, "SET", "notify-keyspace-events", ""));
            assertRefused(() -> runtime.sendCommand(Command.CONFIG, "GET", "notify-keyspace-events"));
            assertRefused(() -> runtime.sendCommand(Command.SCRIPT, "FLUSH"));
            assertRefused(() -> runtime.sendCommand(Command.ACL, "LIST"));
            assertThat(redis.client().exists("other-key")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(AclTestRedis.Server.class)
    void eachUserSubscribesOnlyToItsOwnNotifications(AclTestRedis.Server server) {
        try (AclTestRedis redis = start(server)) {
            assertRefused(() -> subscribe(as(redis, RedisUsers.DASHBOARD), false, "__keyspace@0__:metrics"));
            assertRefused(() -> subscribe(as(redis, RedisUsers.RUNTIME), true, "__keyspace@0__:*"));
            assertRefused(() -> subscribe(as(redis, RedisUsers.MONITOR), false, "__keyspace@0__:metrics"));
            assertRefused(() -> as(redis, RedisUsers.RUNTIME).publish("__keyspace@0__:metrics", "set"));
        }
    }

    @ParameterizedTest
    @EnumSource(AclTestRedis.Server.class)
    void aClientThatDoesNotLogInCanOnlyPing(AclTestRedis.Server server) {
        try (AclTestRedis redis = start(server)) {
            RedisClient anonymous = redis.clientAs(null, null);
            assertThat(anonymous.ping()).isEqualTo("PONG");
            assertRefused(() -> anonymous.get("metrics-output"));
            assertRefused(() -> anonymous.set("metrics", "{}"));
            assertThatThrownBy(() -> redis.clientAs(RedisUsers.RUNTIME, "wrong").ping())
                    .isInstanceOf(JedisException.class)
                    .hasStackTraceContaining("WRONGPASS");
        }
    }

    private static AclTestRedis start(AclTestRedis.Server server) {
        assumeTrue(server.binary().isPresent(), server.missing());
        return USERS.start(server);
    }

    private static RedisClient as(AclTestRedis redis, String user) {
        return redis.clientAs(user, USERS.password(user));
    }

    /**
     * Refused by the ACL: {@code NOPERM} for a command, or, for a command inside a script, the script's error saying
     * the user may not run it or touch that key.
     */
    private static void assertRefused(Runnable command) {
        assertThatThrownBy(command::run)
                .isInstanceOfAny(JedisAccessControlException.class, JedisDataException.class)
                .message()
                .matches("(?s).*(NOPERM|no permissions|can't run|can't access|cannot run|cannot access).*");
    }

    /** A (P)SUBSCRIBE that is refused fails at once; one that is let in would block, and is ended after 5 s. */
    private static void subscribe(RedisClient client, boolean pattern, String channel) {
        JedisPubSub listener = new JedisPubSub() {};
        CompletableFuture<Void> subscription = CompletableFuture.runAsync(() -> {
            if (pattern) {
                client.psubscribe(listener, channel);
            } else {
                client.subscribe(listener, channel);
            }
        });
        try {
            subscription.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            listener.unsubscribe();
            listener.punsubscribe();
            throw new AssertionError("subscribed to " + channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
