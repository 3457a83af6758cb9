package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.testsupport.code.TestCode;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replaced version can be garbage-collected: nothing the runtime keeps — its workers, Jackson's caches, thread
 * locals — holds on to its class loader, even for a function that returns records and keeps a ThreadLocal.
 */
class ReplacedVersionsTest {

    private static final int RELOADS = 100;

    @TempDir
    Path dir;

    private static String version(int n) {
        return """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Leaky {
                    public record Reading(String name, int version, double value) { }
                    private static final ThreadLocal<StringBuilder> SCRATCH = ThreadLocal.withInitial(StringBuilder::new);

                    public Object handle(Map<String, Object> input, Context context) {
                        SCRATCH.get().setLength(0);
                        context.env().put("last", new Reading("cpu", %d, 0.5));
                        return new Reading("cpu", %d, 0.5);
                    }
                }
                """.formatted(n, n);
    }

    @Test
    void atMostTwoClassLoadersRemainAfterAHundredReloads() throws Exception {
        Path source = TestCode.write(dir.resolve("Leaky.java"), version(0));
        RuntimeContext context = new RuntimeContext("localhost", 6379, "in", "out");
        Invoker invoker = new Invoker(context, Duration.ofSeconds(5), new ObjectMapper(), 1024);
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        // javac in this JVM: a child JVM per version would make this test about 100 JVM starts (3 minutes on 2 cores)
        try (LiveFunction live = TestSettings.liveCompilingInProcess(TestSettings.path(source, dir.resolve("work")))) {
            for (int n = 0; n <= RELOADS; n++) {
                if (n > 0) {
                    TestCode.write(source, version(n));
                    Files.setLastModifiedTime(
                            source, FileTime.from(Instant.now().plusSeconds(n)));
                }
                JavaFunction function = loadedFunction(live.refresh());
                loaders.add(new WeakReference<>(function.classLoader()));
                Outcome outcome = invoker.invoke(function, Map.of());
                assertThat(outcome).isInstanceOf(Outcome.Success.class);
                context.commitEnv(((Outcome.Success) outcome).env(), ((Outcome.Success) outcome).form());
            }
            long alive = 0;
            for (int attempt = 0; attempt < 10; attempt++) {
                System.gc();
                Thread.sleep(100);
                alive = loaders.stream()
                        .filter(reference -> reference.get() != null)
                        .count();
                if (alive <= 2) {
                    break;
                }
            }
            System.out.printf("function class loaders alive after %d reloads and a GC: %d%n", RELOADS, alive);
            assertThat(alive)
                    .as("class loaders of %d versions still reachable", alive)
                    .isLessThanOrEqualTo(2);
        }
    }
}
