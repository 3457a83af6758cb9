package io.fnpulse.runtime.dead;

import io.fnpulse.service.function.DeadLetter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar fnpulse-runtime.jar dead list | redrive (--all | ID…) | drop (--all | ID…)}, with the runtime's own
 * Redis settings and keys from the environment: the dead letters of its one instance, or with REDIS_INPUT_KEY a
 * pattern those of every instance, each line naming the instance's dead letters key. IDs are the letters' own or their
 * stream entries', or {@code KEY/ID} for the letter under one instance's dead letters key: two instances can hold
 * letters under the same ID (written in the same millisecond, or for entries of their own streams that share an ID),
 * and an ID that names letters of more than one instance is refused, naming them, before anything is done.
 */
public final class DeadCommand {

    public static final String USAGE =
            "usage: dead list | dead redrive (--all | ID... | KEY/ID...) | dead drop (--all | ID... | KEY/ID...)";

    private final List<DeadLetters> instances;
    private final String where;
    private final boolean many;
    private final PrintStream out;

    /**
     * @param instances the dead letters of each instance
     * @param where     what they are, for the summary: the one key, or the pattern of the keys
     * @param many      a pattern: each line names its instance
     */
    public DeadCommand(List<DeadLetters> instances, String where, boolean many, PrintStream out) {
        this.instances = instances;
        this.where = where;
        this.many = many;
        this.out = out;
    }

    /** @return the exit code: 0 done, 1 some named letter was not found or not redriven, 2 a usage error */
    public int run(List<String> args) {
        if (args.isEmpty()) {
            return usage();
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
                if (!all && ambiguous(rest)) {
                    yield 2;
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
        int count = 0;
        int holding = 0;
        for (DeadLetters instance : instances) {
            List<DeadLetters.Letter> letters = instance.list();
            for (DeadLetters.Letter letter : letters) {
                DeadLetter dead = letter.letter();
                Optional<DeadLetter.Reason> error = Optional.ofNullable(dead.error());
                out.println(prefix(instance) + letter.id() + "  entry " + letter.streamId() + "  attempts "
                        + dead.attempts() + "  version " + dead.version() + "  at " + dead.at() + "  "
                        + error.map(DeadLetter.Reason::type).orElse("") + ": "
                        + error.map(DeadLetter.Reason::message).orElse(""));
            }
            count += letters.size();
            holding += letters.isEmpty() ? 0 : 1;
        }
        out.println(letters(count) + " in " + where
                + (many ? " (" + holding + (holding == 1 ? " instance)" : " instances)") : ""));
        return 0;
    }

    private int redrive(List<String> ids) {
        List<String> missing = new ArrayList<>(ids);
        int failed = 0;
        for (DeadLetters instance : instances) {
            for (DeadLetters.Letter letter : chosen(instance, ids, missing)) {
                Optional<String> added = instance.redrive(letter);
                if (added.isPresent()) {
                    out.println(prefix(instance) + "redriven " + letter.id() + " (entry " + letter.streamId() + ") as "
                            + instance.inputStream() + " " + added.get());
                } else {
                    out.println(prefix(instance) + "not redriven " + letter.id()
                            + ": it holds no data to append again (drop it instead)");
                    failed++;
                }
            }
        }
        return failed + missing(missing) == 0 ? 0 : 1;
    }

    private int drop(List<String> ids) {
        List<String> missing = new ArrayList<>(ids);
        for (DeadLetters instance : instances) {
            for (DeadLetters.Letter letter : chosen(instance, ids, missing)) {
                if (instance.drop(letter)) {
                    out.println(prefix(instance) + "dropped " + letter.id() + " (entry " + letter.streamId() + ")");
                }
            }
        }
        return missing(missing) == 0 ? 0 : 1;
    }

    /** The letters of one instance the arguments name (all for none), each one found struck off {@code missing}. */
    private static List<DeadLetters.Letter> chosen(DeadLetters instance, List<String> args, List<String> missing) {
        if (args.isEmpty()) {
            return instance.select(List.of());
        }
        List<DeadLetters.Letter> chosen = new ArrayList<>();
        for (String arg : args) {
            List<DeadLetters.Letter> named = named(instance, arg);
            if (!named.isEmpty()) {
                missing.remove(arg);
                named.stream().filter(letter -> !chosen.contains(letter)).forEach(chosen::add);
            }
        }
        return chosen;
    }

    /** The letters of {@code instance} that {@code arg} names: an ID, or KEY/ID with KEY its dead letters key. */
    private static List<DeadLetters.Letter> named(DeadLetters instance, String arg) {
        int slash = arg.lastIndexOf('/');
        if (slash >= 0 && !arg.substring(0, slash).equals(instance.deadKey())) {
            return List.of();
        }
        return instance.select(List.of(arg.substring(slash + 1)));
    }

    /** Says which IDs name letters of more than one instance; true when any does. */
    private boolean ambiguous(List<String> args) {
        boolean any = false;
        for (String arg : args) {
            List<String> holders = instances.stream()
                    .filter(instance -> !named(instance, arg).isEmpty())
                    .map(DeadLetters::deadKey)
                    .toList();
            if (holders.size() > 1) {
                out.println(
                        "dead letter " + arg + " is in " + holders.size() + " instances (" + String.join(", ", holders)
                                + "): name one as KEY/ID, e.g. " + holders.get(0) + "/" + arg + "; nothing was done");
                any = true;
            }
        }
        return any;
    }

    private int missing(List<String> missing) {
        missing.forEach(id -> out.println("no dead letter " + id + " in " + where));
        return missing.size();
    }

    private String prefix(DeadLetters instance) {
        return many ? instance.deadKey() + "  " : "";
    }

    private static String letters(int count) {
        return count + (count == 1 ? " dead letter" : " dead letters");
    }
}
