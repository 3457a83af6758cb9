package io.fnpulse.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

@ExtendWith(RedisExtension.class)
class RedisExtensionTest {

    @Test
    void givesEveryTestOfAClassTheSameRealServer(TestRedis redis) {
        redis.client().set("greeting", "hello");
        assertThat(redis.client().get("greeting")).isEqualTo("hello");
        assertThat(redis.client().info("server")).contains("redis_version");
    }

    @Test
    void aStoppedServerRefusesConnectionsAndComesBackOnTheSameAddress(TestRedis redis) {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        redis.stop();
        assertThatThrownBy(() -> {
                    try (Jedis direct = new Jedis(
                            redis.host(),
                            redis.port(),
                            DefaultJedisClientConfig.builder()
                                    .timeoutMillis(500)
                                    .build())) {
                        direct.ping();
                    }
                })
                .isInstanceOf(JedisConnectionException.class);
        redis.start();
        try (Jedis direct = new Jedis(redis.host(), redis.port())) {
            assertThat(direct.ping()).isEqualTo("PONG");
        }
    }
}
