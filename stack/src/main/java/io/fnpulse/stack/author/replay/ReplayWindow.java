package io.fnpulse.stack.author.replay;

import io.fnpulse.stack.author.cli.Arguments;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --since}: how far back from now the replay starts, as {@code 90s}, {@code 15m}, {@code 2h} or {@code 1d}. */
final class ReplayWindow {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private ReplayWindow() {}

    static Duration parse(Arguments args, String value) {
        Matcher matcher = FORM.matcher(value.strip());
        if (!matcher.matches()) {
            throw args.error("--since " + value + ": expected a duration such as 90s, 15m, 2h or 1d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
