package io.fnpulse.service.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A secret read from a file a setting names ({@code REDIS_PASSWORD_FILE}, {@code DASHBOARD_USERS_FILE}, ...), as
 * Kubernetes mounts a Secret's keys and Compose its secrets. Read once at start, at most {@link #MAX_BYTES}; a file
 * that is missing, unreadable, empty or too large stops the service with one line naming the variable and the file,
 * so that a Secret that was never created reads as such, not as a refused login later. The content never appears in
 * a message.
 */
public final class SecretFile {

    /** Larger than any password, token or htpasswd file of a few hundred users. */
    public static final int MAX_BYTES = 256 * 1024;

    private SecretFile() {}

    /** The whole file as UTF-8 text. */
    public static String read(String variable, String file) {
        Path path = Path.of(file);
        byte[] content;
        try (InputStream in = Files.newInputStream(path)) {
            content = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new ConfigException(variable, file, "a file that exists (" + missing(path) + ")");
        } catch (IOException e) {
            throw new ConfigException(variable, file, "a readable file (" + e + ")");
        }
        if (content.length > MAX_BYTES) {
            throw new ConfigException(variable, file, "a file of at most " + MAX_BYTES / 1024 + " KiB");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(variable, file, "a file of UTF-8 text");
        }
    }

    /**
     * One secret on one line, such as a password or a token: the file's text without the line break an editor or
     * {@code echo} leaves at its end. Empty, or more than one line, is refused.
     */
    public static String password(String variable, String file) {
        String text = read(variable, file);
        String secret = text.endsWith("\r\n")
                ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (secret.isEmpty()) {
            throw new ConfigException(variable, file, "a file holding the secret; it is empty");
        }
        if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
            throw new ConfigException(variable, file, "a file holding the secret on one line; it has several");
        }
        return secret;
    }

    /** What is missing: the file, or already the folder it would be in (a Secret volume that is not mounted). */
    private static String missing(Path path) {
        Path folder = path.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            return "neither it nor its folder " + folder + " exists";
        }
        return "no such file in " + folder + ": is the Secret holding it created, with that key?";
    }
}
