package io.fnpulse.service.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis ACL users of fnpulse's own Redis, as {@code k8s/overlays/standalone/redis-users.acl} gives them: one
 * {@code user <name> <rules...>} per user, an indented line continuing the user above it, {@code #} comments, and no
 * passwords. {@link #aclFile} writes what Redis loads ({@code aclfile}): the same rules with each password's SHA-256,
 * which is what {@code redis-users.sh} does for the containers; {@code ./fnpulse} and the tests use this class.
 */
public record RedisUsers(List<User> users) {

    public static final String RUNTIME = "fnpulse-runtime";
    public static final String DASHBOARD = "fnpulse-dashboard";
    public static final String MONITOR = "fnpulse-monitor";
    /** The output key the shipped rules are written for. */
    public static final String DEFAULT_OUTPUT_KEY = "metrics-output";

    /** What a glob in a key or channel rule reads as special; a key holding one is escaped with a backslash. */
    private static final Pattern GLOB_SPECIAL = Pattern.compile("[*?\\[\\]\\\\]");

    /** A user and its rules, in order; {@code nopass} users (the default user) get no password. */
    public record User(String name, List<String> rules) {
        public User {
            rules = List.copyOf(rules);
        }

        public boolean hasPassword() {
            return !rules.contains("nopass");
        }
    }

    public RedisUsers {
        users = List.copyOf(users);
    }

    /** @throws IllegalArgumentException naming the line that is neither a comment, a user nor a continuation */
    public static RedisUsers parse(String template) {
        List<String> names = new ArrayList<>();
        List<List<String>> rules = new ArrayList<>();
        String[] lines = template.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> words = List.of(trimmed.split("\\s+"));
            if (Character.isWhitespace(line.charAt(0))) {
                if (names.isEmpty()) {
                    throw new IllegalArgumentException("line " + (i + 1) + " continues no user: " + trimmed);
                }
                rules.get(rules.size() - 1).addAll(words);
            } else if (words.get(0).equals("user") && words.size() >= 2) {
                names.add(words.get(1));
                rules.add(new ArrayList<>(words.subList(2, words.size())));
            } else {
                throw new IllegalArgumentException("line " + (i + 1) + " is not 'user <name> <rules...>': " + trimmed);
            }
        }
        List<User> users = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            users.add(new User(names.get(i), rules.get(i)));
        }
        return new RedisUsers(users);
    }

    public User user(String name) {
        return users.stream()
                .filter(user -> user.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Redis user " + name));
    }

    /** The users that log in with a password: the services'. */
    public List<String> withPasswords() {
        return users.stream().filter(User::hasPassword).map(User::name).toList();
    }

    /** These users and one more, e.g. an administrator for a local Redis. */
    public RedisUsers with(String name, String... rules) {
        List<User> more = new ArrayList<>(users);
        more.add(new User(name, List.of(rules)));
        return new RedisUsers(more);
    }

    /**
     * The same rules for another output key: {@code metrics-output} in every key and channel rule becomes
     * {@code outputKey}, glob characters in it escaped, so that {@code ./fnpulse} with {@code REDIS_OUTPUT_KEY} set
     * gets the users the shipped file gives the default name.
     */
    public RedisUsers withOutputKey(String outputKey) {
        if (outputKey.isEmpty() || outputKey.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an output key for ACL rules has no blank: '" + outputKey + "'");
        }
        String literal =
                Matcher.quoteReplacement(GLOB_SPECIAL.matcher(outputKey).replaceAll("\\\\$0"));
        Pattern name = Pattern.compile("(?<=[~&{:]|^)" + Pattern.quote(DEFAULT_OUTPUT_KEY) + "(?=[:}*]|$)");
        return new RedisUsers(users.stream()
                .map(user -> new User(
                        user.name(),
                        user.rules().stream()
                                .map(rule -> rule.startsWith("~") || rule.startsWith("&")
                                        ? name.matcher(rule).replaceAll(literal)
                                        : rule)
                                .toList()))
                .toList());
    }

    /**
     * The ACL file Redis loads: one line per user, each user with a password given its SHA-256 ({@code #<hex>}), so
     * the file holds no password in clear.
     *
     * @throws IllegalArgumentException when a user that needs a password has none in {@code passwords}
     */
    public String aclFile(Map<String, String> passwords) {
        StringBuilder file = new StringBuilder();
        for (User user : users) {
            file.append("user ").append(user.name());
            for (String rule : user.rules()) {
                file.append(' ').append(rule);
            }
            if (user.hasPassword()) {
                String password = passwords.get(user.name());
                if (password == null || password.isEmpty()) {
                    throw new IllegalArgumentException("no password for the Redis user " + user.name());
                }
                file.append(" #").append(sha256(password));
            }
            file.append('\n');
        }
        return file.toString();
    }

    static String sha256(String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
