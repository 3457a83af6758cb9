package io.fnpulse.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A java {@code @argfile} read as the launcher reads it: options separated by white space, {@code #} lines for
 * comments, double quotes around an option (or part of one) that holds spaces. The images' JVM options are such files
 * (docker/*.jvm-options).
 */
public final class JvmArgFile {

    private JvmArgFile() {}

    public static List<String> read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> parse(List<String> lines) {
        List<String> options = new ArrayList<>();
        for (String line : lines) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            StringBuilder option = new StringBuilder();
            boolean quoted = false;
            boolean started = false;
            for (char c : line.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                    started = true;
                } else if (Character.isWhitespace(c) && !quoted) {
                    if (started) {
                        options.add(option.toString());
                        option.setLength(0);
                        started = false;
                    }
                } else {
                    option.append(c);
                    started = true;
                }
            }
            if (quoted) {
                throw new AssertionError("an unclosed quote in: " + line);
            }
            if (started) {
                options.add(option.toString());
            }
        }
        return List.copyOf(options);
    }
}
