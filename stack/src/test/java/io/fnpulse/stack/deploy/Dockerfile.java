package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.JvmArgFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as the builder reads it: instructions (continuation lines joined, comments dropped) in stages,
 * and the build arguments declared before the first FROM (name to default, "" when it has none).
 */
record Dockerfile(Path file, Map<String, String> args, List<Stage> stages) {

    private static final Pattern FROM = Pattern.compile("(?i)(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern ARG = Pattern.compile("(\\w+)(?:=(\\S*))?");
    private static final Pattern ARG_REFERENCE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    record Instruction(String keyword, String arguments, int line) {}

    record Stage(String name, String baseImage, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(instruction -> instruction.keyword().equals(keyword))
                    .toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        List<Copy> copies() {
            return all("COPY").stream().map(Copy::parse).toList();
        }

        /** The image's environment: every ENV of this stage, later ones winning. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                Matcher pair = ENV_PAIR.matcher(instruction.arguments());
                while (pair.find()) {
                    String value = pair.group(2);
                    env.put(pair.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
                }
            }
            return env;
        }

        /** ENTRYPOINT in exec form, the only form that receives SIGTERM directly. */
        List<String> entrypoint() {
            String json = last("ENTRYPOINT")
                    .orElseThrow(() -> new AssertionError("stage " + name + " has no ENTRYPOINT"))
                    .arguments();
            try {
                return Yamls.JSON.readValue(json, new TypeReference<List<String>>() {});
            } catch (JsonProcessingException e) {
                throw new AssertionError("ENTRYPOINT is not in exec (JSON) form: " + json, e);
            }
        }
    }

    /** COPY [--from=stage] [--chown=...] source... destination */
    record Copy(Optional<String> from, List<String> sources, String destination, int line) {

        static Copy parse(Instruction instruction) {
            List<String> words =
                    new ArrayList<>(Arrays.asList(instruction.arguments().trim().split("\\s+")));
            Optional<String> from = Optional.empty();
            while (words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = Optional.of(flag.substring("--from=".length()));
                }
            }
            return new Copy(
                    from,
                    List.copyOf(words.subList(0, words.size() - 1)),
                    words.get(words.size() - 1),
                    instruction.line());
        }

        /** Where a source lands: into the destination folder when it ends with '/' or several sources are copied. */
        String target(String source) {
            if (destination.endsWith("/")) {
                return destination + Path.of(source).getFileName();
            }
            return destination;
        }
    }

    static Dockerfile of(FnpulseService service) {
        return read(ProjectFiles.resolve(service.dockerfile()));
    }

    static Dockerfile read(Path file) {
        Map<String, String> args = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        String[] lines = Yamls.read(file).split("\n", -1);
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (pending.length() == 0) {
                startLine = i + 1;
            }
            boolean continues = line.endsWith("\\");
            pending.append(continues ? line.substring(0, line.length() - 1) : line)
                    .append(' ');
            if (continues) {
                continue;
            }
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase();
            String arguments = space < 0 ? "" : text.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                Matcher from = FROM.matcher(arguments);
                if (!from.matches()) {
                    throw new AssertionError(file + ":" + startLine + ": cannot read FROM " + arguments);
                }
                current = new ArrayList<>();
                stages.add(new Stage(
                        from.group(2) == null ? "stage" + stages.size() : from.group(2), from.group(1), current));
            } else if (current == null) {
                Matcher arg = ARG.matcher(arguments);
                if (!keyword.equals("ARG") || !arg.matches()) {
                    throw new AssertionError(
                            file + ":" + startLine + ": " + keyword + " " + arguments + " before the first FROM");
                }
                args.put(arg.group(1), arg.group(2) == null ? "" : arg.group(2));
            } else {
                current.add(new Instruction(keyword, arguments, startLine));
            }
        }
        return new Dockerfile(file, Map.copyOf(args), List.copyOf(stages));
    }

    /** A stage's base as built with no --build-arg: its FROM with the arguments declared before the first FROM replaced by their defaults. */
    String defaultBase(Stage stage) {
        return ARG_REFERENCE.matcher(stage.baseImage()).replaceAll(reference -> {
            String name = reference.group(1) != null ? reference.group(1) : reference.group(2);
            if (!args.containsKey(name)) {
                throw new AssertionError(file + ": FROM " + stage.baseImage() + " uses $" + name
                        + ", not declared before the first FROM");
            }
            return Matcher.quoteReplacement(args.get(name));
        });
    }

    /** The image's variables that the service or its JVM reads: what the container starts with. */
    static Map<String, String> imageEnv(FnpulseService service) {
        Map<String, String> env = new LinkedHashMap<>(of(service).finalStage().env());
        env.keySet().removeIf(name -> !service.reads(name));
        return env;
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(stage -> stage.name().equals(name)).findFirst();
    }

    /**
     * The JVM options the image starts java with: ENTRYPOINT's words between "java" and "-jar", each {@code @argfile}
     * among them replaced by the options in the repository file the image has at that path.
     */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (String word : entrypointJvmWords()) {
            if (word.startsWith("@")) {
                options.addAll(JvmArgFile.read(ProjectFiles.resolve(repositoryFile(word.substring(1)))));
            } else {
                options.add(word);
            }
        }
        return List.copyOf(options);
    }

    /** ENTRYPOINT's words between "java" and "-jar", as written. */
    List<String> entrypointJvmWords() {
        List<String> entrypoint = finalStage().entrypoint();
        int jar = entrypoint.indexOf("-jar");
        if (!entrypoint.get(0).equals("java") || jar < 0) {
            throw new AssertionError(file + ": ENTRYPOINT is not java [options] -jar <jar>: " + entrypoint);
        }
        return entrypoint.subList(1, jar);
    }

    /** Where a file of the image comes from: a stage and the path it has there (where a RUN made it, or a COPY). */
    record Origin(Optional<Stage> stage, String path) {}

    /**
     * Follows the COPY instructions that put {@code path} into the stage named {@code stageName}, back to the stage
     * where it was made, or to the build context (an empty stage).
     */
    Origin origin(String stageName, String path) {
        Stage stage = stage(stageName).orElseThrow(() -> new AssertionError(file + ": no stage " + stageName));
        List<Copy> copies = stage.copies();
        for (int i = copies.size() - 1; i >= 0; i--) {
            Copy copy = copies.get(i);
            for (String source : copy.sources()) {
                if (copy.target(source).equals(path)) {
                    return copy.from().isPresent()
                            ? origin(copy.from().get(), source)
                            : new Origin(Optional.empty(), source);
                }
            }
        }
        return new Origin(Optional.of(stage), path);
    }

    /** The repository file the image holds at {@code path}, copied there from the build context. */
    String repositoryFile(String path) {
        Origin origin = origin(finalStage().name(), path);
        if (origin.stage().isPresent()) {
            throw new AssertionError(file + ": " + path + " in the image is made in stage "
                    + origin.stage().get().name() + ", not copied from the repository");
        }
        return origin.path();
    }

    /** The Java version of the image's JRE: the tag of the image the stage running jlink starts from. */
    int javaFeature() {
        Stage jlink = stages.stream()
                .filter(stage -> stage.all("RUN").stream()
                        .anyMatch(run -> run.arguments().startsWith("jlink")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + ": no stage runs jlink"));
        Matcher tag = Pattern.compile(":(\\d+)").matcher(defaultBase(jlink));
        if (!tag.find()) {
            throw new AssertionError(file + ": no Java version in the tag of " + defaultBase(jlink));
        }
        return Integer.parseInt(tag.group(1));
    }

    /** The jar ENTRYPOINT runs, as a path inside the image. */
    String entrypointJar() {
        List<String> entrypoint = finalStage().entrypoint();
        return entrypoint.get(entrypoint.indexOf("-jar") + 1);
    }
}
