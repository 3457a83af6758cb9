package io.fnpulse.bench.sidebyside;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The runtime image, run as k8s/ runs it -- read-only root, uid 10001, no capabilities, a tmpfs on /tmp -- on the
 * host's network (Redis on loopback) through podman or docker. Its ENTRYPOINT runs as the image has it, behind a
 * bash that prints the wall clock just before it execs java: the start is timed from there, leaving out the
 * container engine's own start-up, which no pod restart on a node with the image pays twice.
 */
final class ImageRuntime extends MeasuredRuntime {

    private static final String EXEC_MARK = "fnpulse-bench exec ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String engine;

    private ImageRuntime(String engine, String name, ServiceProcess process) {
        super(name, process);
        this.engine = engine;
    }

    /**
     * @param function  a .java file, mounted read-only at /opt/function as the ConfigMap is
     * @param codeCache     a folder for CODE_CACHE_DIR, mounted at /cache (an emptyDir that outlives a container)
     * @param engineOptions more options for {@code run}, e.g. {@code --memory 512m --cpus 1} as k8s/base limits it;
     *                      a {@code --tmpfs} among them replaces the default /tmp (noexec, 256 MB)
     */
    static ImageRuntime start(
            String engine,
            String image,
            String name,
            Map<String, String> env,
            Path function,
            Path codeCache,
            List<String> engineOptions,
            Path logDir) {
        List<String> command = new ArrayList<>(List.of(engine, "run", "--rm", "--name", name, "--network", "host"));
        command.addAll(engineOptions);
        command.addAll(List.of("--read-only", "--user", "10001:10001", "--cap-drop", "ALL"));
        command.addAll(List.of("--security-opt", "no-new-privileges"));
        if (!engineOptions.contains("--tmpfs")) {
            command.addAll(List.of("--tmpfs", "/tmp:rw,noexec,size=256m"));
        }
        if (engine.endsWith("podman")) {
            command.add("--read-only-tmpfs=false");
        }
        if (function != null) {
            try {
                Files.createDirectories(codeCache);
                Files.setPosixFilePermissions(codeCache, PosixFilePermissions.fromString("rwxrwxrwx"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            command.addAll(List.of("-v", function.getParent() + ":/opt/function:ro", "-v", codeCache + ":/cache"));
            command.addAll(List.of("-e", "FUNCTION_PATH=/opt/function/" + function.getFileName()));
            command.addAll(List.of("-e", "CODE_CACHE_DIR=/cache"));
        }
        env.forEach((key, value) -> command.addAll(List.of("-e", key + "=" + value)));
        command.addAll(List.of(
                "--entrypoint", "bash", image, "-c", "echo \"" + EXEC_MARK + "$EPOCHREALTIME\"; exec \"$@\"", "bash"));
        command.addAll(entrypoint(engine, image));
        return new ImageRuntime(
                engine,
                name,
                ServiceProcess.command(command).name(name).logDir(logDir).start());
    }

    /** The image's ENTRYPOINT, in exec form. */
    static List<String> entrypoint(String engine, String image) {
        String json = run(engine, "image", "inspect", "--format", "{{json .Config.Entrypoint}}", image);
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new IllegalStateException(image + " has no ENTRYPOINT in exec form: " + json, e);
        }
    }

    /** A file of the image, read with the image's own bash (it has no cat). */
    static String file(String engine, String image, String path) {
        return run(
                engine,
                "run",
                "--rm",
                "--network",
                "none",
                "--entrypoint",
                "bash",
                image,
                "-c",
                "printf '%s' \"$(<\"$1\")\"",
                "bash",
                path);
    }

    @Override
    long startedNanos() throws InterruptedException {
        String line = awaitLine(text -> text.startsWith(EXEC_MARK), Duration.ofSeconds(60));
        BigDecimal epochSeconds =
                new BigDecimal(line.substring(EXEC_MARK.length()).trim());
        long epochNanos = epochSeconds.movePointRight(9).longValueExact();
        return epochNanos - EpochClock.OFFSET;
    }

    @Override
    long pid() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            String pid =
                    run(engine, "inspect", "--format", "{{.State.Pid}}", name).trim();
            if (!pid.isEmpty() && !pid.equals("0")) {
                return Long.parseLong(pid);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("no process for container " + name);
    }

    @Override
    int stop() {
        run(engine, "stop", "-t", "30", name);
        return process.awaitExit(Duration.ofSeconds(60));
    }

    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** System.nanoTime of the epoch: wall-clock times of another process made comparable with ours. */
    private static final class EpochClock {
        static final long OFFSET = offset();

        private static long offset() {
            long best = Long.MAX_VALUE;
            long offset = 0;
            for (int i = 0; i < 10; i++) {
                long before = System.nanoTime();
                Instant now = Instant.now();
                long after = System.nanoTime();
                if (after - before < best) {
                    best = after - before;
                    long epochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                    offset = epochNanos - (before + after) / 2;
                }
            }
            return offset;
        }
    }
}
