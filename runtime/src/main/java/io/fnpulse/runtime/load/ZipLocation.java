package io.fnpulse.runtime.load;

import io.fnpulse.service.config.ConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** FUNCTION_ZIP parsed: a file on this machine or an http(s) URL. */
sealed interface ZipLocation {

    String VARIABLE = "FUNCTION_ZIP";
    String EXPECTED = "a path, or a file:, http: or https: URL of a .zip or .jar";

    record Local(Path path) implements ZipLocation {}

    record Remote(URI uri) implements ZipLocation {}

    static ZipLocation parse(String raw) {
        String value = raw.strip();
        var scheme = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):").matcher(value);
        try {
            if (value.isEmpty()) {
                throw new ConfigException(VARIABLE, raw, EXPECTED);
            }
            if (!scheme.find()) {
                return new Local(Path.of(value));
            }
            return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
                case "file" -> new Local(Path.of(URI.create(value)));
                case "http", "https" -> remote(raw, URI.create(value));
                default -> throw new ConfigException(VARIABLE, raw, EXPECTED);
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException(VARIABLE, raw, EXPECTED);
        }
    }

    private static Remote remote(String raw, URI uri) {
        if (uri.getHost() == null) {
            throw new ConfigException(VARIABLE, raw, EXPECTED);
        }
        return new Remote(uri);
    }
}
