package io.fnpulse.service.config;

import io.fnpulse.service.text.Bytes;
import io.fnpulse.service.text.Seconds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated reads of environment variables. Every read either returns a usable value or throws a
 * {@link ConfigException} naming the variable, its value and the expected form. A variable set to the empty string
 * counts as unset, except where {@link #isSetEmpty} is asked, because Kubernetes ConfigMaps often produce "".
 */
public final class Env {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([KMG]?)(?:i?B)?", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** The same variables with one of them set to {@code value}. */
    public Env with(String name, String value) {
        Map<String, String> changed = new java.util.HashMap<>(vars);
        changed.put(name, value);
        return new Env(changed);
    }

    /** The raw value, or empty when unset or blank. */
    public Optional<String> optional(String name) {
        String value = vars.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Whether the variable is present with the empty value, which some settings use to mean "off". */
    public boolean isSetEmpty(String name) {
        String value = vars.get(name);
        return value != null && value.isBlank();
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public String required(String name, String expected) {
        return optional(name).orElseThrow(() -> new ConfigException(name, null, expected));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String expected = "a whole number from " + min + " to " + max;
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < min || parsed > max) {
                throw new ConfigException(name, value.get(), expected);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, value.get(), expected);
        }
    }

    public int port(String name, int defaultValue) {
        return integer(name, defaultValue, 1, 65_535);
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name, value.get(), "true or false");
        };
    }

    /** Decimal seconds such as {@code 2.5}, within the given bounds. */
    public Duration seconds(String name, Duration defaultValue, Duration min, Duration max) {
        return seconds(List.of(name), defaultValue, min, max);
    }

    /** Decimal seconds read from the first of several alias names that is set. */
    public Duration seconds(List<String> names, Duration defaultValue, Duration min, Duration max) {
        for (String name : names) {
            Optional<String> value = optional(name);
            if (value.isPresent()) {
                return parseSeconds(name, value.get(), min, max);
            }
        }
        return defaultValue;
    }

    private static Duration parseSeconds(String name, String value, Duration min, Duration max) {
        String expected = "a decimal number of seconds from " + describe(min) + " to " + describe(max) + ", e.g. 2.5";
        try {
            BigDecimal seconds = new BigDecimal(value);
            Duration parsed = Duration.ofNanos(seconds.movePointRight(9).longValueExact());
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                throw new ConfigException(name, value, expected);
            }
            return parsed;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(name, value, expected);
        }
    }

    /**
     * A size in bytes: a whole number, optionally with a binary unit ({@code 16MiB}, {@code 512KiB}, {@code 4Mi},
     * {@code 1G}; K, M and G count 1,024s), within the given bounds.
     */
    public long bytes(String name, long defaultValue, long min, long max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String expected = "a size in bytes from " + Bytes.describe(min) + " to " + Bytes.describe(max)
                + ", e.g. 16MiB or 1048576";
        Matcher size = SIZE.matcher(value.get());
        if (!size.matches()) {
            throw new ConfigException(name, value.get(), expected);
        }
        try {
            long multiplier = switch (size.group(2).toUpperCase(Locale.ROOT)) {
                case "" -> 1;
                case "K" -> Bytes.KIB;
                case "M" -> Bytes.MIB;
                default -> Bytes.MIB * 1024;
            };
            long parsed = Math.multiplyExact(Long.parseLong(size.group(1)), multiplier);
            if (parsed < min || parsed > max) {
                throw new ConfigException(name, value.get(), expected);
            }
            return parsed;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(name, value.get(), expected);
        }
    }

    /** One of the allowed words, compared without case; returned as listed. */
    public String oneOf(String name, String defaultValue, List<String> allowed) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return allowed.stream()
                .filter(word -> word.equalsIgnoreCase(value.get()))
                .findFirst()
                .orElseThrow(() -> new ConfigException(name, value.get(), "one of " + String.join(", ", allowed)));
    }

    private static String describe(Duration duration) {
        return Seconds.of(duration);
    }
}
