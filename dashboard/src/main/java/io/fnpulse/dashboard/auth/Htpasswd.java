package io.fnpulse.dashboard.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.fnpulse.service.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users of an htpasswd file with bcrypt hashes, as {@code htpasswd -B} writes it ({@code name:$2y$05$...}, one a
 * line). Other hash kinds (MD5 {@code $apr1$}, SHA-1, crypt, plain text) are refused at start: only bcrypt is slow
 * enough to guess against. Passwords longer than bcrypt's 72 bytes count by their first 72, as Apache does.
 */
public final class Htpasswd {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    /** The hash an unknown user's password is checked against, so a wrong name takes as long as a wrong password. */
    private static final byte[] DECOY = BCrypt.withDefaults().hash(10, "decoy".getBytes(StandardCharsets.UTF_8));

    private static final BCrypt.Verifyer VERIFYER =
            BCrypt.verifyer(null, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    private final Map<String, byte[]> hashes;

    private Htpasswd(Map<String, byte[]> hashes) {
        this.hashes = hashes;
    }

    /**
     * @param variable the setting that named the file, for the messages
     * @throws ConfigException naming the line (and its user) that is not {@code name:<bcrypt hash>}, or a file with no
     *                         user
     */
    public static Htpasswd parse(String variable, String file, String text) {
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = file + " line " + (i + 1);
            if (colon <= 0) {
                throw new ConfigException(variable, file, "lines of user:hash; " + where + " has no user name");
            }
            String user = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            if (!BCRYPT.matcher(hash).matches()) {
                throw new ConfigException(
                        variable,
                        file,
                        "bcrypt hashes only (htpasswd -B); " + where + " (user " + user + ") holds another kind");
            }
            if (hashes.put(user, hash.getBytes(StandardCharsets.US_ASCII)) != null) {
                throw new ConfigException(variable, file, "each user once; " + where + " names " + user + " again");
            }
        }
        if (hashes.isEmpty()) {
            throw new ConfigException(variable, file, "at least one user:hash line (htpasswd -cB FILE USER)");
        }
        return new Htpasswd(hashes);
    }

    public int size() {
        return hashes.size();
    }

    /** Whether the file names this user (for the log: an unknown name may be a password typed in the wrong box). */
    public boolean knows(String user) {
        return hashes.containsKey(user);
    }

    /** The user, when the password is theirs; bcrypt's cost is spent whether or not the user exists. */
    public Optional<String> verify(String user, String password) {
        byte[] hash = hashes.get(user);
        boolean verified =
                VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8), hash == null ? DECOY : hash).verified;
        return verified && hash != null ? Optional.of(user) : Optional.empty();
    }
}
