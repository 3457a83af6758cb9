package io.fnpulse.dashboard.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** htpasswd files for the tests: made by Apache's {@code htpasswd -B} where it is installed, or here with bcrypt. */
public final class UsersFiles {

    public static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");

    private UsersFiles() {}

    /** Skips the test, saying what to install, where Debian's htpasswd is missing. */
    public static void assumeHtpasswd() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(HTPASSWD),
                "htpasswd test skipped: no " + HTPASSWD + " (apt-get install apache2-utils)");
    }

    /** One user with a {@code $2y$} hash made here, as htpasswd -B makes it. */
    public static Path fromJava(Path dir, String user, String password) throws IOException {
        String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(5, password.toCharArray());
        return Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n");
    }

    /** One user, by {@code htpasswd -B -b -c FILE USER PASSWORD} (Debian's apache2-utils). */
    public static Path fromHtpasswd(Path dir, String user, String password, String... options)
            throws IOException, InterruptedException {
        Path file = dir.resolve("htpasswd-cli");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(HTPASSWD.toString(), "-b", "-c"));
        command.addAll(java.util.List.of(options));
        command.addAll(java.util.List.of(file.toString(), user, password));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("htpasswd failed: " + output);
        }
        return file;
    }
}
