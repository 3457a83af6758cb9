package io.fnpulse.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

@ExtendWith(RedisExtension.class)
class RedisProblemTest {

    @Test
    void aWrongPasswordIsARefusedLoginNotAnOutage(TestRedis redis) {
        // a user of its own: the default user of a test server takes any password
        redis.client().sendCommand(Protocol.Command.ACL, "SETUSER", "problem-test", "on", ">right", "~*", "+@all");
        try {
            RedisSettings wrong = new RedisSettings(
                    redis.host(),
                    redis.port(),
                    Optional.of("problem-test"),
                    Optional.of("not-the-password"),
                    false,
                    Duration.ofSeconds(2));
            RedisProblem problem = problemOf(wrong);
            assertThat(problem.kind()).isEqualTo(RedisProblem.Kind.LOGIN_REFUSED);
            assertThat(problem.describe()).startsWith("Redis refused the login (WRONGPASS");
        } finally {
            redis.client().sendCommand(Protocol.Command.ACL, "DELUSER", "problem-test");
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsUnreachable() {
        RedisSettings nowhere = RedisSettings.local("127.0.0.1", 1);
        RedisProblem problem = problemOf(nowhere);
        assertThat(problem.kind()).isEqualTo(RedisProblem.Kind.UNREACHABLE);
        assertThat(problem.describe()).startsWith("Redis unreachable (");
    }

    @Test
    void anErrorReplyIsARefusedCommand(TestRedis redis) {
        redis.client().rpush("list", "a");
        JedisException error =
                catchThrowableOfType(JedisException.class, () -> redis.client().get("list"));
        RedisProblem problem = RedisProblem.of(error);
        assertThat(problem.kind()).isEqualTo(RedisProblem.Kind.COMMAND_REFUSED);
        assertThat(problem.describe()).contains("WRONGTYPE");
    }

    private static RedisProblem problemOf(RedisSettings settings) {
        try (RedisClient client = settings.newClient()) {
            return RedisProblem.of(catchThrowableOfType(JedisException.class, () -> client.get("key")));
        }
    }
}
