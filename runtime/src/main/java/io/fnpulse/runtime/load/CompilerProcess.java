package io.fnpulse.runtime.load;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The main class of the child JVM that {@link ForkedCompiler} starts: reads a request, compiles with javac in this
 * JVM, writes the result and ends, taking javac's memory with it. It uses no logging library (a JVM that lives for
 * one compile should not set one up); whatever goes wrong outside javac ends it with a non-zero exit code and a line
 * on standard error, which the runtime reports.
 *
 * <pre>java -cp fnpulse-runtime.jar io.fnpulse.runtime.load.CompilerProcess REQUEST RESULT</pre>
 */
public final class CompilerProcess {

    /** The request could not be read or the result not written. */
    static final int EXIT_EXCHANGE_FAILED = 2;

    private CompilerProcess() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: CompilerProcess REQUEST RESULT (started by the runtime, not by hand)");
            System.exit(EXIT_EXCHANGE_FAILED);
        }
        try {
            CompileExchange.Request request = CompileExchange.readRequest(Path.of(args[0]));
            CompileExchange.write(compile(request), Path.of(args[1]));
            System.exit(0); // whatever threads javac may have left, this JVM's work is done
        } catch (IOException e) {
            System.err.println("CompilerProcess: " + e);
            System.exit(EXIT_EXCHANGE_FAILED);
        }
    }

    private static CompileExchange.Result compile(CompileExchange.Request request) {
        try {
            return CompileExchange.Result.compiled(new InProcessCompiler()
                    .compile(request.sources(), request.classPath(), request.output(), request.subject()));
        } catch (FunctionLoadException e) {
            return CompileExchange.Result.failed(e);
        }
    }
}
