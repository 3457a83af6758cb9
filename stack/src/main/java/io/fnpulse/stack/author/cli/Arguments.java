package io.fnpulse.stack.author.cli;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A verb's command line: positional arguments and {@code --option value} pairs (or {@code --option=value}), each
 * option at most once and from the verb's own list; {@code -} alone is a positional argument. Wrong use is a
 * {@link UsageException} naming the option and the verb's usage.
 */
public final class Arguments {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final String usage;

    private Arguments(String usage) {
        this.usage = usage;
    }

    /** @param known the options that take a value, e.g. {@code --handler} */
    public static Arguments parse(List<String> args, Set<String> known, String usage) {
        Arguments parsed = new Arguments(usage);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (!known.contains(name)) {
                throw new UsageException("unknown option " + name + "\n" + usage);
            }
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value\n" + usage);
            }
            if (parsed.options.put(name, value) != null) {
                throw new UsageException(name + " is given twice\n" + usage);
            }
        }
        return parsed;
    }

    public List<String> positional() {
        return positional;
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** Decimal seconds, as the services read them: {@code --timeout 2.5}. */
    public Optional<Duration> seconds(String name, Duration min, Duration max) {
        return option(name).map(value -> {
            try {
                return new Env(Map.of(name, value)).seconds(name, min, min, max);
            } catch (ConfigException e) {
                throw new UsageException(e.getMessage());
            }
        });
    }

    /** The one positional argument a verb takes (the function's file), or a usage error. */
    public String single(String what) {
        if (positional.size() != 1) {
            throw new UsageException(
                    (positional.isEmpty() ? "no " + what + " given" : "one " + what + " expected, got " + positional)
                            + "\n" + usage);
        }
        return positional.get(0);
    }

    public UsageException error(String message) {
        return new UsageException(message + "\n" + usage);
    }
}
