package io.fnpulse.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The shortcut must give exactly what writing the env to JSON and reading it back gives, or step aside. */
class JsonRoundTripTest {

    private static final ObjectMapper JSON = JsonMappers.create();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final Random random = new Random();

    @RepeatedTest(200)
    void plainEnvsReadBackAsTheirJsonWould() throws Exception {
        long seed = random.nextLong();
        Map<String, Object> env = map(new Random(seed), 0);

        Map<String, Object> copy = JsonRoundTrip.of(env, JsonEncoder.MAX_ENV_BYTES);

        Map<String, Object> readBack = JSON.readValue(JSON.writeValueAsString(env), MAP);
        assertThat(copy).as("seed %d", seed).isNotNull();
        assertSameValue(copy, readBack, "seed " + seed);
    }

    @Test
    void wholeNumbersComeBackAsTheSmallestTypeThatHoldsThem() throws Exception {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("small", 5L);
        env.put("big", 5_000_000_000L);
        env.put("short", (short) 7);
        env.put("byte", (byte) -3);
        env.put("negativeZero", -0.0);
        env.put("whole", 3.0);

        Map<String, Object> copy = JsonRoundTrip.of(env, JsonEncoder.MAX_ENV_BYTES);

        assertSameValue(copy, JSON.readValue(JSON.writeValueAsString(env), MAP), "numbers");
        assertThat(copy.get("small")).isInstanceOf(Integer.class);
        assertThat(copy.get("big")).isInstanceOf(Long.class);
    }

    @Test
    void anythingElseIsLeftToTheRealRoundTrip() {
        record Point(int x, int y) {}
        for (Object value : List.of(
                new Point(1, 2),
                1.5f,
                BigInteger.TEN,
                BigDecimal.ONE,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                new int[] {1},
                new Object[] {1},
                'c',
                "broken \ud800 surrogate",
                Map.of(1, "not a string key"),
                java.util.Set.of(1))) {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("nested", new ArrayList<>(List.of(Map.of("value", value))));
            assertThat(JsonRoundTrip.of(env, JsonEncoder.MAX_ENV_BYTES))
                    .as("%s", value.getClass())
                    .isNull();
        }
    }

    @Test
    void anEnvThatMightWriteMoreThanTheLimitIsLeftToTheRealRoundTrip() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("text", "x".repeat(1000));

        assertThat(JsonRoundTrip.of(env, 5_000)).isNull();
        assertThat(JsonRoundTrip.of(env, 10_000)).isNotNull();
    }

    @Test
    void aMapThatHoldsItselfIsLeftToTheRealRoundTrip() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("self", env);

        assertThat(JsonRoundTrip.of(env, JsonEncoder.MAX_ENV_BYTES)).isNull();
    }

    /** Equal, and of the same classes all the way down (a Long where JSON gives an Integer would differ later). */
    private static void assertSameValue(Object actual, Object expected, String where) {
        assertThat(actual).as(where).isEqualTo(expected);
        if (expected == null) {
            return;
        }
        assertThat(actual.getClass()).as(where).isEqualTo(expected.getClass());
        if (expected instanceof Map<?, ?> map) {
            assertThat(List.copyOf(((Map<?, ?>) actual).keySet())).as(where).isEqualTo(List.copyOf(map.keySet()));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                assertSameValue(
                        ((Map<?, ?>) actual).get(entry.getKey()), entry.getValue(), where + "." + entry.getKey());
            }
        } else if (expected instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertSameValue(((List<?>) actual).get(i), list.get(i), where + "[" + i + "]");
            }
        }
    }

    private static Map<String, Object> map(Random random, int depth) {
        Map<String, Object> map = switch (random.nextInt(3)) {
            case 0 -> new LinkedHashMap<>();
            case 1 -> new HashMap<>();
            default -> new TreeMap<>();
        };
        int size = random.nextInt(depth == 0 ? 8 : 5);
        for (int i = 0; i < size; i++) {
            map.put(text(random), value(random, depth + 1));
        }
        return map;
    }

    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 8 : 10);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt();
            case 3 -> random.nextBoolean() ? random.nextLong() : (long) random.nextInt(1000);
            case 4 -> anyFiniteDouble(random);
            case 5 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            case 6 -> text(random);
            case 7 -> (double) random.nextInt(100);
            case 8 -> map(random, depth);
            default -> {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(6);
                for (int i = 0; i < size; i++) {
                    list.add(value(random, depth + 1));
                }
                yield list;
            }
        };
    }

    /** Any bit pattern that is a finite double: subnormals, huge and tiny exponents, negative zero. */
    private static double anyFiniteDouble(Random random) {
        double value;
        do {
            value = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(value));
        return value;
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            text.append(
                    pick < 6
                            ? (char) ('a' + random.nextInt(26))
                            : pick < 8
                                    ? (char) random.nextInt(32) // control characters, escaped
                                    : pick < 9
                                            ? '"'
                                            : (char) (0xe0 + random.nextInt(0x700))); // beyond ASCII, no surrogates
        }
        return text.toString();
    }
}
