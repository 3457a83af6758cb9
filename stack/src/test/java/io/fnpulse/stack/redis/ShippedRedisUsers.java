package io.fnpulse.stack.redis;

import io.fnpulse.service.redis.RedisUsers;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.AclTestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The ACL users the standalone overlay ships ({@code k8s/overlays/standalone/redis-users.acl}), with a fresh password
 * each, loaded by a real redis-server as its {@code aclfile}, plus the tests' own admin user to set up and check data.
 */
final class ShippedRedisUsers {

    static final String FILE = "k8s/overlays/standalone/redis-users.acl";

    private final RedisUsers users;
    private final Map<String, String> passwords = new HashMap<>();

    ShippedRedisUsers() {
        try {
            users = RedisUsers.parse(Files.readString(ProjectFiles.resolve(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String user : users.withPasswords()) {
            passwords.put(user, UUID.randomUUID().toString());
        }
    }

    AclTestRedis start(AclTestRedis.Server server) {
        return AclTestRedis.start(server, users.aclFile(passwords) + AclTestRedis.ADMIN_LINE + "\n");
    }

    String password(String user) {
        return passwords.get(user);
    }

    /** The Redis settings of a service logging in as {@code user}, as its environment gives them. */
    Map<String, String> env(AclTestRedis redis, String user) {
        return Map.of(
                "REDIS_HOST", redis.host(),
                "REDIS_PORT", Integer.toString(redis.port()),
                "REDIS_USERNAME", user,
                "REDIS_PASSWORD", password(user));
    }
}
