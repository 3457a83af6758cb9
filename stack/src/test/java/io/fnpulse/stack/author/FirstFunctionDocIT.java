package io.fnpulse.stack.author;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/functions.md's "Your first function in five minutes", every command as written, in a copy of this checkout:
 * {@code new} makes a project (installing fnpulse's artifacts into the build's own local Maven repository where they
 * are missing), the project's test passes offline with its own wrapper and fails once the function is broken,
 * {@code invoke} prints a line per snapshot, the stack runs the function and the dashboard shows its output, {@code
 * replay} reads what the stack's monitor appended, and the kustomization renders with the function in it.
 */
class FirstFunctionDocIT {

    private static final String HEADING = "## Your first function in five minutes";
    private static final String SOURCE = "cpualert/src/main/java/io/example/CpuAlert.java";
    private static final List<String> COMMANDS = List.of(
            "./fnpulse new io.example.CpuAlert cpualert",
            "(cd cpualert && ./mvnw -B -o verify)",
            "./fnpulse invoke " + SOURCE + " --inputs data/metrics-stream.jsonl",
            "./fnpulse --function " + SOURCE,
            "./fnpulse replay " + SOURCE + " --stream metrics:stream --count 100",
            "kubectl apply -k cpualert/k8s/");

    @TempDir
    Path dir;

    private Path checkout;
    private final String redisPort = Integer.toString(AuthorDocs.freePort());

    @Test
    void everyCommandOfTheSectionWorksAsWritten() throws Exception {
        assertThat(AuthorDocs.sectionCommands(HEADING))
                .as("the commands this test runs are the section's, in its order")
                .isEqualTo(COMMANDS);
        assertThat(readmeLoopCommands())
                .as("the README's Run it shows the same loop")
                .isNotEmpty()
                .allMatch(COMMANDS::contains);
        checkout = CheckoutCopy.of(dir.resolve("fnpulse"));

        AuthorCommand.Result created = run(COMMANDS.get(0), Duration.ofMinutes(10));
        System.out.println(COMMANDS.get(0) + "\n" + created);
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.stdout()).contains("fnpulse new: io.example.CpuAlert in cpualert/");
        assertThat(checkout.resolve("cpualert/mvnw")).isExecutable();
        assertThat(checkout.resolve("cpualert/k8s/kustomization.yaml")).exists();

        AuthorCommand.Result tested = run(COMMANDS.get(1), Duration.ofMinutes(5));
        assertThat(tested.exit()).as(tested.toString()).isZero();
        assertThat(tested.stdout())
                .contains("Tests run: 4, Failures: 0, Errors: 0")
                .contains("BUILD SUCCESS");

        AuthorCommand.Result invoked = run(COMMANDS.get(2), Duration.ofMinutes(2));
        assertThat(invoked.exit()).as(invoked.toString()).isZero();
        assertThat(invoked.stdoutLines()).hasSize(150).allMatch(line -> line.startsWith("{\"cpu_percent_mean\":"));
        assertThat(invoked.stderr())
                .as("the first run after a build makes the command's class-data archive, without the JVM's notes on it")
                .doesNotContain("[warning]");
        assertThat(checkout.resolve("stack/target")).isDirectoryContaining("glob:**/fnpulse-invoke-*.jsa");

        AuthorCommand.Result replayed = AuthorDocs.whileTheStackRuns(
                COMMANDS.get(3),
                checkout,
                dir,
                redisPort,
                "cpu_percent_mean",
                () -> run(COMMANDS.get(4), Duration.ofMinutes(2)));
        assertThat(replayed.exit()).as(replayed.toString()).isZero();
        assertThat(replayed.stdoutLines()).isNotEmpty().allMatch(line -> line.startsWith("{\"cpu_percent_mean\":"));
        assertThat(replayed.stderr()).contains("entries of metrics:stream");

        deploysWithTheFunctionInTheConfigMap();
        theTestFailsOnceTheFunctionIsBroken();
    }

    /** Without a cluster to apply to, what {@code kubectl apply -k} would send: {@code kubectl kustomize}. */
    private void deploysWithTheFunctionInTheConfigMap() throws IOException {
        if (!AuthorDocs.onPath("kubectl")) {
            System.out.println("kubectl is not installed: the kustomization is not rendered");
            return;
        }
        AuthorCommand.Result rendered =
                run(COMMANDS.get(5).replace("kubectl apply -k", "kubectl kustomize"), Duration.ofMinutes(1));
        assertThat(rendered.exit()).as(rendered.toString()).isZero();
        assertThat(rendered.stdout())
                .contains("  function.java: |\n    package io.example;")
                .contains("public class CpuAlert")
                .contains("FUNCTION_HANDLER: io.example.CpuAlert::handle");
    }

    private void theTestFailsOnceTheFunctionIsBroken() throws IOException {
        Path source = checkout.resolve(SOURCE);
        String text = Files.readString(source);
        String broken = text.replace("double cpuMean = sum / cpus;", "double cpuMean = sum / (cpus + 1);");
        assertThat(broken).isNotEqualTo(text);
        Files.writeString(source, broken);
        AuthorCommand.Result tested = run(COMMANDS.get(1), Duration.ofMinutes(5));
        assertThat(tested.exit()).as(tested.toString()).isNotZero();
        assertThat(tested.stdout()).contains("CpuAlertTest.averagesTheCpusAndMeasuresTheMemoryInUse");
    }

    private AuthorCommand.Result run(String command, Duration timeout) {
        return AuthorCommand.shell(command)
                .in(checkout)
                .env("MAVEN_OPTS", "-Dmaven.repo.local=" + AuthorDocs.localRepository())
                .env("CODE_CACHE_DIR", dir.resolve("code-cache").toString())
                .env("REDIS_PORT", redisPort)
                .timeout(timeout)
                .run();
    }

    /** The commands of the second code block of the README's Run it, comments left out, split at the first {@code &&}. */
    private static List<String> readmeLoopCommands() {
        List<String> commands = new ArrayList<>();
        int blocks = 0;
        for (String line : ProjectFiles.readmeSection("## Run it")) {
            if (line.startsWith("```")) {
                blocks++;
                continue;
            }
            if (blocks == 3) {
                String command = line.replaceFirst("\\s+#.*$", "").strip();
                int and = command.indexOf(" && ");
                commands.add(and < 0 ? command : command.substring(0, and).strip());
                if (and >= 0) {
                    commands.add(command.substring(and + 4).strip());
                }
            }
        }
        return commands;
    }
}
