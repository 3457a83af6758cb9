package io.fnpulse.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;

/** Unpacks a {@link Refresh} after checking it is the expected kind; a mismatch shows the whole refresh. */
final class Refreshes {

    private Refreshes() {}

    static Refresh.Loaded loaded(Refresh refresh) {
        assertThat(refresh).isInstanceOf(Refresh.Loaded.class);
        return (Refresh.Loaded) refresh;
    }

    /** The loaded Java version (these tests load Java code). */
    static JavaFunction loadedFunction(Refresh refresh) {
        assertThat(loaded(refresh).function()).isInstanceOf(JavaFunction.class);
        return (JavaFunction) loaded(refresh).function();
    }

    static Refresh.Failed failed(Refresh refresh) {
        assertThat(refresh).isInstanceOf(Refresh.Failed.class);
        return (Refresh.Failed) refresh;
    }

    static FunctionLoadException failure(Refresh refresh) {
        return failed(refresh).error();
    }
}
