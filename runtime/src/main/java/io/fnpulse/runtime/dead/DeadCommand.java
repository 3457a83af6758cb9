package io.fnpulse.runtime.dead;

import io.fnpulse.service.function.DeadLetter;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                List<String> named = all ? List.of() : rest;
                Map<DeadLetters, List<DeadLetters.Letter>> chosen = chosen(named);
                if (ambiguous(named, chosen)) {
                    yield 2;
                }
                int notRedriven = 0;
                if (verb.equals("redrive")) {
                    notRedriven = redrive(chosen);
                } else {
                    drop(chosen);
                }
                yield notRedriven + missing(named, chosen) == 0 ? 0 : 1;
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

    /** @return the letters not redriven */
    private int redrive(Map<DeadLetters, List<DeadLetters.Letter>> chosen) {
        int failed = 0;
        for (Map.Entry<DeadLetters, List<DeadLetters.Letter>> letters : chosen.entrySet()) {
            DeadLetters instance = letters.getKey();
            for (DeadLetters.Letter letter : letters.getValue()) {
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
        return failed;
    }

    /** A letter gone already was dropped by someone else: not a failure. */
    private void drop(Map<DeadLetters, List<DeadLetters.Letter>> chosen) {
        for (Map.Entry<DeadLetters, List<DeadLetters.Letter>> letters : chosen.entrySet()) {
            DeadLetters instance = letters.getKey();
            for (DeadLetters.Letter letter : letters.getValue()) {
                if (instance.drop(letter)) {
                    out.println(prefix(instance) + "dropped " + letter.id() + " (entry " + letter.streamId() + ")");
                }
            }
        }
    }

    /** Each instance's letters that the arguments name (all of them for none), each instance's letters read once. */
    private Map<DeadLetters, List<DeadLetters.Letter>> chosen(List<String> args) {
        Map<DeadLetters, List<DeadLetters.Letter>> chosen = new LinkedHashMap<>();
        for (DeadLetters instance : instances) {
            List<DeadLetters.Letter> letters = instance.list();
            chosen.put(
                    instance,
                    args.isEmpty()
                            ? letters
                            : letters.stream()
                                    .filter(letter -> args.stream().anyMatch(arg -> names(arg, instance, letter)))
                                    .toList());
        }
        return chosen;
    }

    /** Whether {@code arg} (an ID, or KEY/ID with KEY the instance's dead letters key) names this letter. */
    private static boolean names(String arg, DeadLetters instance, DeadLetters.Letter letter) {
        int slash = arg.lastIndexOf('/');
        if (slash >= 0 && !arg.substring(0, slash).equals(instance.deadKey())) {
            return false;
        }
        String id = arg.substring(slash + 1);
        return id.equals(letter.id()) || id.equals(letter.streamId());
    }

    /** The instances whose chosen letters {@code arg} names. */
    private static List<String> holders(String arg, Map<DeadLetters, List<DeadLetters.Letter>> chosen) {
        return chosen.entrySet().stream()
                .filter(letters -> letters.getValue().stream().anyMatch(letter -> names(arg, letters.getKey(), letter)))
                .map(letters -> letters.getKey().deadKey())
                .toList();
    }

    /** Says which arguments name letters of more than one instance; true when any does. */
    private boolean ambiguous(List<String> args, Map<DeadLetters, List<DeadLetters.Letter>> chosen) {
        boolean any = false;
        for (String arg : args) {
            List<String> holders = holders(arg, chosen);
            if (holders.size() > 1) {
                out.println(
                        "dead letter " + arg + " is in " + holders.size() + " instances (" + String.join(", ", holders)
                                + "): name one as KEY/ID, e.g. " + holders.get(0) + "/" + arg + "; nothing was done");
                any = true;
            }
        }
        return any;
    }

    /** Says which arguments name no letter; how many. */
    private int missing(List<String> args, Map<DeadLetters, List<DeadLetters.Letter>> chosen) {
        List<String> missing =
                args.stream().filter(arg -> holders(arg, chosen).isEmpty()).toList();
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
