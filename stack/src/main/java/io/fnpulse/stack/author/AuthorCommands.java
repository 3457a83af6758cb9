package io.fnpulse.stack.author;

import io.fnpulse.service.config.Env;
import io.fnpulse.stack.author.cli.UsageException;
import io.fnpulse.stack.author.create.NewCommand;
import io.fnpulse.stack.author.invoke.InvokeCommand;
import io.fnpulse.stack.author.replay.ReplayCommand;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The function author's commands: {@code ./fnpulse new}, {@code invoke} and {@code replay}. They write to the
 * process's own standard output and error, not to {@code System.out}, which the runtime's print routing takes over
 * while a function is loaded; their log lines go to standard error (see {@link AuthorLogging}).
 */
public final class AuthorCommands {

    public static final Set<String> VERBS = Set.of("new", "invoke", "replay");

    private AuthorCommands() {}

    /** @return the exit code: 0 done, 1 a call failed or an output differs, 2 a usage or load error */
    public static int run(String verb, List<String> args) {
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024),
                false,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Env env = Env.system();
        if (args.contains("--help") || args.contains("-h")) {
            out.println(
                    switch (verb) {
                        case "invoke" -> InvokeCommand.USAGE;
                        case "replay" -> ReplayCommand.USAGE;
                        default -> NewCommand.USAGE;
                    });
            out.flush();
            return 0;
        }
        try {
            return switch (verb) {
                case "invoke" -> new InvokeCommand(out, err, System.in, env).run(args);
                case "replay" -> new ReplayCommand(out, err, env, Clock.systemUTC()).run(args);
                case "new" -> new NewCommand(out, env, checkoutRoot()).run(args);
                default -> throw new UsageException("no command " + verb + "; the commands are " + VERBS);
            };
        } catch (UsageException e) {
            out.flush();
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            out.flush();
            err.println("fnpulse " + verb + ": " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            out.flush();
        }
    }

    /** The checkout whose ./fnpulse runs this (it passes -Dfnpulse.home), else the one the jar was built in. */
    private static Path checkoutRoot() {
        String home = System.getProperty("fnpulse.home");
        return home != null ? Path.of(home) : NewCommand.builtIn();
    }
}
