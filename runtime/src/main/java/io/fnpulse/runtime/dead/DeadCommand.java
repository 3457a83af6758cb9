package io.fnpulse.runtime.dead;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar fnpulse-runtime.jar dead list | redrive (--all | ID…) | drop (--all | ID…)}, with the runtime's own
 * Redis settings and keys from the environment. IDs are the letters' own or their stream entries'.
 */
public final class DeadCommand {

    public static final String USAGE = "usage: dead list | dead redrive (--all | ID...) | dead drop (--all | ID...)";

    private final DeadLetters letters;
    private final PrintStream out;

    public DeadCommand(DeadLetters letters, PrintStream out) {
        this.letters = letters;
        this.out = out;
    }

    /** @return the exit code: 0 done, 1 some named letter was not found or not redriven, 2 a usage error */
    public int run(List<String> args) {
        if (args.isEmpty()) {
            out.println(USAGE);
            return 2;
        }
        String verb = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (verb) {
            case "list" -> rest.isEmpty() ? list() : usage();
            case "redrive", "drop" -> {
                boolean all = rest.equals(List.of("--all"));
                if (!all && (rest.isEmpty() || rest.contains("--all"))) {
                    yield usage();
                }
                yield verb.equals("redrive") ? redrive(all ? List.of() : rest) : drop(all ? List.of() : rest);
            }
            default -> usage();
        };
    }

    private int usage() {
        out.println(USAGE);
        return 2;
    }

    private int list() {
        List<DeadLetters.Letter> all = letters.list();
        for (DeadLetters.Letter letter : all) {
            out.println(letter.id() + "  entry " + letter.streamId() + "  attempts " + letter.attempts() + "  version "
                    + letter.version() + "  at " + letter.at() + "  " + letter.errorType() + ": "
                    + letter.errorMessage());
        }
        out.println(all.size() + (all.size() == 1 ? " dead letter" : " dead letters") + " in " + letters.deadKey());
        return 0;
    }

    private int redrive(List<String> ids) {
        List<DeadLetters.Letter> chosen = letters.select(ids);
        int failed = missing(ids, chosen);
        for (DeadLetters.Letter letter : chosen) {
            Optional<String> added = letters.redrive(letter);
            if (added.isPresent()) {
                out.println("redriven " + letter.id() + " (entry " + letter.streamId() + ") as " + letters.inputStream()
                        + " " + added.get());
            } else {
                out.println("not redriven " + letter.id() + ": it holds no data to append again (drop it instead)");
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private int drop(List<String> ids) {
        List<DeadLetters.Letter> chosen = letters.select(ids);
        int failed = missing(ids, chosen);
        for (DeadLetters.Letter letter : chosen) {
            if (letters.drop(letter)) {
                out.println("dropped " + letter.id() + " (entry " + letter.streamId() + ")");
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private int missing(List<String> ids, List<DeadLetters.Letter> chosen) {
        int missing = 0;
        for (String id : ids) {
            if (chosen.stream()
                    .noneMatch(letter ->
                            letter.id().equals(id) || letter.streamId().equals(id))) {
                out.println("no dead letter " + id + " in " + letters.deadKey());
                missing++;
            }
        }
        return missing;
    }
}
