package io.fnpulse.runtime.load;

/**
 * Loads Python code into a version whose calls run in a worker process of its own. The runtime's implementation is
 * {@code io.fnpulse.runtime.python.PythonFunctions}; the loader only stages and unpacks the code and hands it over.
 */
public interface PythonLoader {

    /** A loaded Python version; the loader that made it closes it (ending its worker) when it is replaced. */
    interface Version extends LoadedFunction, AutoCloseable {
        @Override
        void close();
    }

    /**
     * Imports the code in a fresh worker and finds its entry point, under the code's import timeout. A version that
     * fails (a syntax error, an exception while importing, no such function) is a {@link FunctionLoadException}
     * naming what was looked for and what was found, and no worker is left behind.
     */
    Version load(PythonCode code) throws FunctionLoadException;
}
