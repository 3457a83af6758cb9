package io.fnpulse.stack;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.lifecycle.OutOfMemoryExit;
import io.fnpulse.service.lifecycle.ShutdownSignal;
import io.fnpulse.stack.author.AuthorCommands;
import io.fnpulse.stack.author.AuthorLogging;
import java.util.List;

/**
 * {@code java -jar fnpulse-stack.jar [--replay FILE]}: everything on this machine until Ctrl-C. The services log
 * warnings only, so the stack's own lines — one per part, then the URL — stay readable; LOG_LEVEL=INFO shows all.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && AuthorCommands.VERBS.contains(args[0])) {
            System.setProperty(AuthorLogging.COMMAND_PROPERTY, args[0]);
            OutOfMemoryExit.install("fnpulse " + args[0]);
            System.exit(AuthorCommands.run(args[0], List.of(args).subList(1, args.length)));
        }
        OutOfMemoryExit.install("stack");
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(StackConfig.USAGE);
            return;
        }
        if (System.getenv("LOG_LEVEL") == null) {
            System.setProperty("LOG_LEVEL", "WARN");
        }
        StackConfig config;
        try {
            config = StackConfig.from(List.of(args), Env.system());
        } catch (ConfigException e) {
            System.err.println("fnpulse: " + e.getMessage());
            System.exit(2);
            return;
        }
        ShutdownSignal shutdown = ShutdownSignal.install();
        try (LocalStack stack = LocalStack.start(config, System.out)) {
            System.out.println(
                    "fnpulse: ready: http://localhost:" + stack.dashboardPort() + "  (Ctrl-C stops everything)");
            String signal = shutdown.await();
            System.out.println("fnpulse: " + signal + ": stopping");
        } catch (RuntimeException e) {
            System.err.println("fnpulse: could not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("fnpulse: stopped");
        System.exit(0);
    }
}
