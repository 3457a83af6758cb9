package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.redis.RedisUsers;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/overlays/standalone/redis-users.sh, which starts the containers' Redis, writes the same ACL file as RedisUsers
 * (./fnpulse and the ACL tests), from the Secret's layout (a file per user) and from Compose's (a folder per user);
 * without a password it stops naming the Secret to create; with --generate it makes the missing ones.
 */
class RedisUsersScriptTest {

    private static final Path SCRIPT = ProjectFiles.resolve("k8s/overlays/standalone/redis-users.sh");
    private static final Path RULES = ProjectFiles.resolve("k8s/overlays/standalone/redis-users.acl");

    @TempDir
    Path dir;

    @Test
    void writesTheAclFileRedisUsersWritesAndStartsRedisServerWithIt() throws Exception {
        Path passwords = Files.createDirectories(dir.resolve("secret"));
        Map<String, String> given = Map.of(
                RedisUsers.RUNTIME, "runtime-pw", RedisUsers.DASHBOARD, "dashboard-pw", RedisUsers.MONITOR, "m-pw");
        Files.writeString(passwords.resolve(RedisUsers.RUNTIME), "runtime-pw");
        Files.writeString(passwords.resolve(RedisUsers.DASHBOARD), "dashboard-pw\n");
        Files.createDirectories(passwords.resolve(RedisUsers.MONITOR));
        Files.writeString(passwords.resolve(RedisUsers.MONITOR).resolve("password"), "m-pw");

        Run run = run(List.of(), passwords, "--notify-keyspace-events", "K$t");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Files.readString(dir.resolve("users.acl")))
                .isEqualTo(RedisUsers.parse(Files.readString(RULES)).aclFile(given));
        assertThat(Files.readString(dir.resolve("redis-server-args")))
                .isEqualTo("--aclfile " + dir.resolve("users.acl") + " --notify-keyspace-events K$t\n");
        assertThat(Files.readString(dir.resolve("users.acl"))).doesNotContain("runtime-pw", "dashboard-pw");
    }

    @Test
    void withoutAPasswordItStopsNamingTheSecretAndTheCommand() throws Exception {
        Path passwords = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(passwords.resolve(RedisUsers.RUNTIME), "runtime-pw");

        Run run = run(List.of(), passwords);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .contains("no password for the Redis user(s) fnpulse-monitor fnpulse-dashboard")
                .contains("kubectl create secret generic fnpulse-redis-users");
        assertThat(dir.resolve("redis-server-args")).doesNotExist();
    }

    @Test
    void generatesTheMissingPasswordsAndKeepsThemForTheNextStart() throws Exception {
        Path passwords = Files.createDirectories(dir.resolve("volumes"));

        Run first = run(List.of("--generate"), passwords);
        String runtime = Files.readString(passwords.resolve(RedisUsers.RUNTIME).resolve("password"));
        Run second = run(List.of("--generate"), passwords);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(first.output()).contains("generated a password for fnpulse-runtime");
        assertThat(second.output()).doesNotContain("generated");
        assertThat(runtime).matches("[0-9a-f]{48}");
        assertThat(Files.readString(passwords.resolve(RedisUsers.RUNTIME).resolve("password")))
                .isEqualTo(runtime);
        assertThat(Files.getPosixFilePermissions(
                        passwords.resolve(RedisUsers.RUNTIME).resolve("password")))
                .isEqualTo(PosixFilePermissions.fromString("r--------"));
    }

    private record Run(int exitCode, String output) {}

    /** The script with a stand-in redis-server on the PATH that records its arguments. */
    private Run run(List<String> options, Path passwords, String... redisOptions)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("redis-server");
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" > " + dir.resolve("redis-server-args") + "\n");
        fake.toFile().setExecutable(true);
        List<String> command = new java.util.ArrayList<>(List.of("sh", SCRIPT.toString()));
        command.addAll(options);
        command.addAll(List.of(
                RULES.toString(), passwords.toString(), dir.resolve("users.acl").toString()));
        command.addAll(List.of(redisOptions));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
