package io.fnpulse.stack.author;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/functions.md's "Python functions", every command as written, in a copy of this checkout, with Debian's
 * python3: {@code new --python} makes a project, its pytest-free test passes and fails once the function is broken
 * (naming the cases), {@code invoke} prints a line per snapshot, the stack runs the function and the dashboard shows
 * its output, {@code replay} reads what the stack's monitor appended, and the kustomization renders with the module
 * as the course overlay's {@code pyfile}.
 */
class FirstPythonFunctionDocIT {

    private static final String HEADING = "## Python functions";
    private static final String MODULE = "cpu-alert/cpu_alert.py";
    private static final List<String> COMMANDS = List.of(
            "./fnpulse new --python cpu_alert cpu-alert",
            "python3 cpu-alert/test_cpu_alert.py",
            "./fnpulse invoke " + MODULE + " --inputs data/metrics-stream.jsonl",
            "./fnpulse --function " + MODULE,
            "./fnpulse replay " + MODULE + " --stream metrics:stream --count 100",
            "kubectl apply -k cpu-alert/");

    @TempDir
    Path dir;

    private Path checkout;
    private final String redisPort = Integer.toString(AuthorDocs.freePort());

    @Test
    void everyCommandOfTheSectionWorksAsWritten() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed at /usr/bin/python3");
        assertThat(AuthorDocs.sectionCommands(HEADING))
                .as("the commands this test runs are the section's, in its order")
                .isEqualTo(COMMANDS);
        checkout = CheckoutCopy.of(dir.resolve("fnpulse"));

        AuthorCommand.Result created = run(COMMANDS.get(0), Duration.ofMinutes(2));
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.stdout()).contains("fnpulse new: cpu_alert.py in cpu-alert/");
        assertThat(checkout.resolve("cpu-alert/tests.jsonl")).exists();

        AuthorCommand.Result tested = run(COMMANDS.get(1), Duration.ofMinutes(2));
        assertThat(tested.exit()).as(tested.toString()).isZero();
        assertThat(tested.stdout())
                .contains("ok    3 the busy spell goes on: its start came back from context.env")
                .contains("all 7 cases pass");

        AuthorCommand.Result invoked = run(COMMANDS.get(2), Duration.ofMinutes(2));
        assertThat(invoked.exit()).as(invoked.toString()).isZero();
        assertThat(invoked.stdoutLines()).hasSize(150).allMatch(line -> line.startsWith("{\"cpu_percent_mean\":"));
        assertThat(invoked.stderr()).contains("loaded cpu_alert:handler from " + MODULE);

        AuthorCommand.Result replayed = AuthorDocs.whileTheStackRuns(
                COMMANDS.get(3),
                checkout,
                dir,
                redisPort,
                "busy_seconds",
                () -> run(COMMANDS.get(4), Duration.ofMinutes(2)));
        assertThat(replayed.exit()).as(replayed.toString()).isZero();
        assertThat(replayed.stdoutLines()).isNotEmpty().allMatch(line -> line.startsWith("{\"cpu_percent_mean\":"));
        assertThat(replayed.stderr()).contains("entries of metrics:stream");
        assertThat(Files.readString(dir.resolve("stack.log"))).contains("cpu_alert:handler from");

        deploysAsTheCourseOverlaysPyfile();
        theTestFailsOnceTheFunctionIsBroken();
    }

    /** Without a cluster to apply to, what {@code kubectl apply -k} would send: {@code kubectl kustomize}. */
    private void deploysAsTheCourseOverlaysPyfile() throws IOException {
        if (!AuthorDocs.onPath("kubectl")) {
            System.out.println("kubectl is not installed: the kustomization is not rendered");
            return;
        }
        AuthorCommand.Result rendered =
                run(COMMANDS.get(5).replace("kubectl apply -k", "kubectl kustomize"), Duration.ofMinutes(1));
        assertThat(rendered.exit()).as(rendered.toString()).isZero();
        assertThat(rendered.stdout())
                .contains("  pyfile: |\n    \"\"\"cpu_alert: a function for fnpulse")
                .contains("value: /opt/function/usermodule.py")
                .doesNotContain("def handler(input, context):\n    for key, history in"); // not the metrics function
    }

    private void theTestFailsOnceTheFunctionIsBroken() throws IOException {
        Path module = checkout.resolve(MODULE);
        String text = Files.readString(module);
        String broken = text.replace("cpu_mean = sum(cpus) / len(cpus)", "cpu_mean = sum(cpus) / (len(cpus) + 1)");
        assertThat(broken).isNotEqualTo(text);
        Files.writeString(module, broken);
        AuthorCommand.Result tested = run(COMMANDS.get(1), Duration.ofMinutes(2));
        assertThat(tested.exit()).as(tested.toString()).isEqualTo(1);
        assertThat(tested.stdout())
                .contains("FAIL  1 averages the CPUs and measures the memory in use: output['cpu_percent_mean']:"
                        + " expected 50.0, got 40.0");
        assertThat(tested.stderr()).contains("FAILED: 6 of 7 cases");
    }

    private AuthorCommand.Result run(String command, Duration timeout) {
        return AuthorCommand.shell(command)
                .in(checkout)
                .env("CODE_CACHE_DIR", dir.resolve("code-cache").toString())
                .env("REDIS_PORT", redisPort)
                .timeout(timeout)
                .run();
    }
}
