package io.fnpulse.service.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class BoundedReaderTest {

    private final TestRedis redis;
    private final BoundedReader reader;

    BoundedReaderTest(TestRedis redis) {
        this.redis = redis;
        this.reader = new BoundedReader(redis.client());
    }

    @BeforeEach
    void clean() {
        redis.client().flushAll();
    }

    @Test
    void readsAValueWithinTheLimit() {
        redis.client().set("k", "0123456789");
        assertThat(reader.read("k", 10)).isEqualTo(new KeyRead.Value("0123456789"));
        assertThat(reader.read("k", 10).value()).contains("0123456789");
    }

    @Test
    void neverReadsAValueOverTheLimit() {
        redis.client().set("big", "x".repeat(2 * 1024 * 1024));
        KeyRead read = reader.read("big", 1024 * 1024);
        assertThat(read).isEqualTo(new KeyRead.TooLarge(2 * 1024 * 1024, 1024 * 1024));
        assertThat(read.value()).isEmpty();
        assertThat(read.problem("big", "MAX_INPUT_BYTES"))
                .contains("key big holds 2 MiB, more than MAX_INPUT_BYTES (1 MiB); it was not read");
    }

    @Test
    void namesTheTypeOfAKeyThatIsNotAString() {
        redis.client().rpush("metrics", "a");
        redis.client().hset("h", "f", "v");
        assertThat(reader.read("metrics", 10).problem("metrics", "MAX_INPUT_BYTES"))
                .contains("key metrics holds a list; expected a string");
        assertThat(reader.read("h", 10)).isEqualTo(new KeyRead.WrongType("hash"));
    }

    @Test
    void readsSeveralKeysInOneRoundTrip() {
        redis.client().set("a", "1");
        redis.client().sadd("s", "m");
        assertThat(reader.read(List.of("a", "missing", "s"), 10))
                .containsExactly(new KeyRead.Value("1"), new KeyRead.Absent(), new KeyRead.WrongType("set"));
    }

    @Test
    void worksAfterTheServerForgotItsScripts() {
        redis.client().set("a", "1");
        assertThat(reader.read("a", 10).value()).contains("1");
        redis.client().scriptFlush();
        assertThat(reader.read("a", 10).value()).contains("1");
    }
}
