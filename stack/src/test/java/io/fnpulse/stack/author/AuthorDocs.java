package io.fnpulse.stack.author;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** What the tests of docs/functions.md's walkthroughs share: the section's commands, the stack they start, ports. */
final class AuthorDocs {

    private AuthorDocs() {}

    /** The commands of the first {@code sh} block of a section of docs/functions.md, in order. */
    static List<String> sectionCommands(String heading) throws IOException {
        List<String> lines = Files.readAllLines(ProjectFiles.resolve("docs/functions.md"));
        int start = lines.indexOf(heading);
        assertThat(start).as("docs/functions.md has the section " + heading).isNotNegative();
        List<String> commands = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("```")) {
                if (inBlock) {
                    break;
                }
                inBlock = line.equals("```sh");
                continue;
            }
            if (inBlock && !line.isBlank()) {
                commands.add(line);
            }
        }
        return commands;
    }

    /**
     * The stack started by {@code command} (in the background, as a user leaves it running in a terminal, its output
     * in {@code dir/stack.log}) until its dashboard charts an output holding {@code key}; then {@code meanwhile}; then
     * Ctrl-C, which must end the stack with exit code 0. Returns what {@code meanwhile} returned.
     */
    static <T> T whileTheStackRuns(
            String command, Path checkout, Path dir, String redisPort, String key, Callable<T> meanwhile)
            throws Exception {
        String dashboardPort = Integer.toString(freePort());
        Path log = dir.resolve("stack.log");
        Process stack = startStack(command, checkout, log, redisPort, dashboardPort);
        T result;
        int stopped;
        try {
            awaitOutputOnTheDashboard(dashboardPort, key);
            result = meanwhile.call();
        } finally {
            stopped = stopStack(stack, log);
        }
        assertThat(stopped).as("the stack's exit code on Ctrl-C").isZero();
        return result;
    }

    private static Process startStack(String command, Path checkout, Path log, String redisPort, String dashboardPort)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + command)
                .directory(checkout.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("REDIS_PORT", redisPort);
        builder.environment().put("PORT", dashboardPort);
        return builder.start();
    }

    /** Ctrl-C, as a user stops the stack; its exit code. One that does not stop in 30 s is killed, its log shown. */
    private static int stopStack(Process stack, Path log) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(stack.pid())).start().waitFor();
        if (!stack.waitFor(30, TimeUnit.SECONDS)) {
            System.out.println("the stack did not stop within 30 s of SIGINT; its log:\n" + Files.readString(log));
            stack.descendants().forEach(ProcessHandle::destroyForcibly);
            stack.destroyForcibly();
            stack.waitFor(10, TimeUnit.SECONDS);
        }
        return stack.exitValue();
    }

    /** Waits until the stack's dashboard serves an output holding {@code key}. */
    private static void awaitOutputOnTheDashboard(String port, String key) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            try {
                                return http.send(
                                                HttpRequest.newBuilder(
                                                                URI.create("http://localhost:" + port + "/api/latest"))
                                                        .timeout(Duration.ofSeconds(5))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString())
                                        .body();
                            } catch (IOException e) {
                                return "";
                            }
                        },
                        body -> body.contains(key));
    }

    /** The local repository of the build running this test (the failsafe configuration passes it). */
    static String localRepository() {
        return System.getProperty(
                "fnpulse.it.maven.repo",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    }

    static boolean onPath(String tool) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(folder, tool))) {
                return true;
            }
        }
        return false;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
