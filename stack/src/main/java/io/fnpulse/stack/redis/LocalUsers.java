package io.fnpulse.stack.redis;

import io.fnpulse.service.redis.RedisUsers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded Redis's users: those of {@code k8s/overlays/standalone/redis-users.acl} (the stack jar carries it) for
 * the stack's output key, each with a new random password, plus {@code fnpulse-admin}, allowed everything, for you
 * and {@code redis-cli}, and {@code fnpulse-reader}, allowed to read any key, which {@code ./fnpulse replay} logs in
 * as when it is given no Redis of its own (it only ever reads). The ACL file (hashes only) and one file per password go in a folder only you can read, so
 * that {@code redis-cli --user fnpulse-admin --pass "$(cat <folder>/fnpulse-admin)"} works while the stack runs.
 */
public final class LocalUsers {

    public static final String ADMIN = "fnpulse-admin";
    public static final String READER = "fnpulse-reader";
    /** Where the stack keeps them, below its work folder. */
    public static final String FOLDER = "redis-users";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final Map<String, String> passwords;

    private LocalUsers(Path folder, Map<String, String> passwords) {
        this.folder = folder;
        this.passwords = passwords;
    }

    /** Writes {@code users.acl} and the passwords into {@code folder}, readable by this user only. */
    public static LocalUsers create(Path folder, String outputKey) {
        RedisUsers users = shipped()
                .withOutputKey(outputKey)
                .with(ADMIN, "on", "~*", "&*", "+@all")
                .with(READER, "on", "~*", "-@all", "+@read", "-@dangerous", "+ping", "+client|setname");
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : users.withPasswords()) {
            passwords.put(user, newPassword());
        }
        try {
            Files.createDirectories(folder);
            ownerOnly(folder, "rwx------");
            for (Map.Entry<String, String> password : passwords.entrySet()) {
                Path file = folder.resolve(password.getKey());
                Files.deleteIfExists(file);
                Files.createFile(file);
                ownerOnly(file, "rw-------");
                Files.writeString(file, password.getValue());
            }
            Path acl = folder.resolve("users.acl");
            Files.writeString(acl, users.aclFile(passwords));
            ownerOnly(acl, "rw-------");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Redis users under " + folder, e);
        }
        return new LocalUsers(folder, passwords);
    }

    /** The password file of {@code user} in a stack's users folder, where that stack wrote one. */
    public static Optional<Path> passwordFile(Path folder, String user) {
        Path file = folder.resolve(user);
        return Files.isReadable(file) ? Optional.of(file) : Optional.empty();
    }

    public Path aclFile() {
        return folder.resolve("users.acl");
    }

    public Path folder() {
        return folder;
    }

    public String password(String user) {
        return passwords.get(user);
    }

    private static RedisUsers shipped() {
        try (InputStream in = LocalUsers.class.getResourceAsStream("redis-users.acl")) {
            if (in == null) {
                throw new IllegalStateException("the stack jar has no redis/redis-users.acl: rebuild it");
            }
            return RedisUsers.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): its default ACLs keep the user's temp folder private
        }
    }
}
