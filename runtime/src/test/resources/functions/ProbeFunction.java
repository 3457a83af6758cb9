package probe;

import io.fnpulse.api.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function that misbehaves on request, for the runtime's tests. It counts its calls in context.env before doing
 * what the input asks, so a rolled-back env shows as a count that did not move.
 */
public class ProbeFunction {

    public Object handle(Map<String, Object> input, Context context) throws Exception {
        Map<String, Object> env = context.env();
        int calls = ((Number) env.getOrDefault("calls", 0)).intValue() + 1;
        env.put("calls", calls);
        String action = String.valueOf(input.getOrDefault("action", "echo"));
        switch (action) {
            case "throw" -> throw new IllegalStateException("asked to fail: " + input.get("value"));
            case "spin" -> {
                long sum = 0;
                while (true) {
                    sum += System.nanoTime() % 7; // never looks at the interrupt flag
                    if (sum == -1) {
                        break;
                    }
                }
                return Map.of("unreachable", sum);
            }
            case "sleep" -> {
                if (input.get("marker") != null) {
                    java.nio.file.Files.writeString(java.nio.file.Path.of((String) input.get("marker")), "started");
                }
                Thread.sleep(((Number) input.get("millis")).longValue());
            }
            case "huge" -> {
                return Map.of("blob", "x".repeat(2 * 1024 * 1024));
            }
            case "unserialisable" -> {
                return Map.of("thread", new Object());
            }
            case "string" -> {
                return "a string, not an object";
            }
            case "nothing" -> {
                return null;
            }
            case "badenv" -> env.put("socket", new Object());
            case "nan" -> env.put("ratio", Double.NaN);
            case "nullarray" -> env.put("readings", new Object[] {1, null, "x"});
            case "exit" -> System.exit(((Number) input.getOrDefault("status", 7)).intValue());
            case "allocate" -> {
                List<long[]> hog = new java.util.ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            case "stubborn" -> {
                // ignores the interrupt and Thread.stop, writing into its env, for as long as it was asked to
                long until = System.nanoTime() + ((Number) input.get("millis")).longValue() * 1_000_000;
                while (System.nanoTime() < until) {
                    try {
                        while (System.nanoTime() < until) {
                            env.put("stubborn", System.nanoTime());
                        }
                    } catch (ThreadDeath ignored) {
                        // refuses to die
                    }
                }
                return null;
            }
            case "background" -> {
                Map<String, Object> mine = env;
                Thread late = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                    mine.put("late", true);
                    context.env().put("later", true);
                });
                late.start();
            }
            default -> {
            }
        }
        if (input.get("value") != null) {
            @SuppressWarnings("unchecked")
            List<Object> seen = (List<Object>) env.computeIfAbsent("seen", key -> new java.util.ArrayList<>());
            seen.add(input.get("value"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("calls", calls);
        out.put("value", input.get("value"));
        out.put("remainingMillis", context.remainingTime().toMillis());
        out.put("lastExecution", String.valueOf(context.lastExecution()));
        out.put("functionGetmtime", String.valueOf(context.functionGetmtime()));
        out.put("keys", List.of(context.inputKey(), String.valueOf(context.outputKey())));
        return out;
    }
}
