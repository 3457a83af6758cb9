package io.fnpulse.stack.author.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.config.Env;
import io.fnpulse.stack.author.cli.Arguments;
import io.fnpulse.stack.author.cli.CallReport;
import io.fnpulse.stack.author.cli.UsageException;
import io.fnpulse.stack.author.function.AuthorFunction;
import io.fnpulse.stack.author.function.Functions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./fnpulse invoke}: a function called on one input or on each line of a file (or of standard input), in
 * order, with one env carried across the calls, as the runtime would call it; no Redis.
 */
public final class InvokeCommand {

    public static final String USAGE = """
            usage: ./fnpulse invoke <function> [--handler H] [--input JSON | --inputs FILE.jsonl | -]
                                    [--env FILE] [--env-out FILE] [--timeout SECONDS]
              <function>       a .java source file, a .jar, a .py module or a .zip, loaded as the runtime loads it
              --handler H      FUNCTION_HANDLER: [package.]Class[::method], for Python function,
                               module.function or module:function (default: the runtime's)
              --input JSON     one input; --inputs FILE: one JSON object a line; - or neither: standard input
              --env FILE       the env the first call starts from (a JSON object, as the state key's env holds
                               it); --env-out FILE: the env after, in the same form
              --timeout S      HANDLER_TIMEOUT_SECONDS for each call (default 30)
            standard output: one line per input, the JSON the runtime would write or null; the rest on standard
            error. Exit 0 when every call succeeded, 1 when any failed, 2 for a usage or load error.""";

    private static final String INPUT = "--input";
    private static final String INPUTS = "--inputs";
    private static final String ENV = "--env";
    private static final String ENV_OUT = "--env-out";

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream stdin;
    private final Env env;
    private final ObjectMapper json = new ObjectMapper();

    public InvokeCommand(PrintStream out, PrintStream err, InputStream stdin, Env env) {
        this.out = out;
        this.err = err;
        this.stdin = stdin;
        this.env = env;
    }

    /** @return the exit code */
    public int run(List<String> argList) {
        Arguments args = Arguments.parse(
                argList, Set.of(Functions.HANDLER, Functions.TIMEOUT, INPUT, INPUTS, ENV, ENV_OUT), USAGE);
        boolean fromStdin = args.positional().remove("-");
        if ((args.has(INPUT) ? 1 : 0) + (args.has(INPUTS) ? 1 : 0) + (fromStdin ? 1 : 0) > 1) {
            throw args.error("give one of --input JSON, --inputs FILE and -");
        }
        Optional<Path> inputsFile = args.option(INPUTS).map(Path::of);
        if (inputsFile.isPresent() && !Files.isReadable(inputsFile.get())) {
            throw new UsageException(inputsFile.get() + ": no such file, or not readable");
        }
        Map<String, Object> startEnv = args.option(ENV)
                .map(file -> Functions.savedEnv(Path.of(file), json))
                .orElse(Map.of());
        long loading = System.nanoTime();
        try (AuthorFunction function = AuthorFunction.load(
                        Functions.request(args, env, startEnv, Optional.empty(), Optional.empty()));
                BufferedReader inputs = open(args, inputsFile)) {
            Duration loaded = Duration.ofNanos(System.nanoTime() - loading);
            CallReport report = new CallReport(out, err, inputsFile.isEmpty() && !args.has(INPUT));
            int line = 0;
            for (String text = inputs.readLine(); text != null; text = inputs.readLine()) {
                line++;
                if (!text.isBlank()) {
                    report.print("line " + line, function.call(text));
                }
            }
            report.flush();
            if (args.has(ENV_OUT)) {
                Files.writeString(Path.of(args.option(ENV_OUT).get()), function.envJson() + "\n");
            }
            err.println("fnpulse invoke: " + report.summary() + "; loaded " + function.describe() + " in "
                    + CallReport.seconds(loaded));
            return report.anyFailed() ? 1 : 0;
        } catch (IOException e) {
            throw new UsageException("cannot read the inputs or write the env: " + e);
        }
    }

    private BufferedReader open(Arguments args, Optional<Path> inputsFile) throws IOException {
        if (args.has(INPUT)) {
            return new BufferedReader(new StringReader(args.option(INPUT).get().replace('\n', ' ')));
        }
        if (inputsFile.isPresent()) {
            return Files.newBufferedReader(inputsFile.get(), StandardCharsets.UTF_8);
        }
        if (System.console() != null) {
            err.println("fnpulse invoke: reading inputs from standard input, one JSON object a line (Ctrl-D ends)");
        }
        return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    }
}
