package io.fnpulse.stack.author.function;

import io.fnpulse.stack.author.cli.UsageException;
import io.fnpulse.testkit.Call;
import java.util.Locale;

/**
 * A function as the author's commands run it: loaded once, called on the raw text of each input in order with one
 * env carried across the calls, exactly as the runtime would call it. Each kind of code (a JVM function now) loads
 * through the runtime's own loader for that kind.
 */
public interface AuthorFunction extends AutoCloseable {

    /** Calls the function on one input's raw text (a key's value, a stream entry's data, a line of a file). */
    Call call(String rawInput);

    /** The env the next call starts from, as the runtime saves it (a Python function's in its typed form). */
    String envJson();

    /** One line: what was loaded, from where, which version, and how its classes came to be. */
    String describe();

    @Override
    void close();

    /**
     * Loads the function by the kind of its file.
     *
     * @throws UsageException when it is no kind of code the runtime runs, or it does not load (the runtime's message)
     */
    static AuthorFunction load(FunctionRequest request) {
        String name = String.valueOf(request.file().getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".java") || name.endsWith(".jar") || name.endsWith(".zip") || name.endsWith(".py")) {
            return KitFunction.load(request);
        }
        throw new UsageException(request.file() + ": expected a function's code: a .java source file, a .jar, a .py"
                + " module or a .zip (of classes, sources and lib/*.jar, or of Python modules)");
    }
}
