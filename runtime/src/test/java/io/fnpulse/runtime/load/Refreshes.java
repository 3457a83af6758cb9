package io.fnpulse.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;

/** Unpacks a {@link Refresh} after checking it is the expected kind; a mismatch shows the whole refresh. */
final class Refreshes {

    private Refreshes() {}

    static Refresh.Loaded loaded(Refresh refresh) {
        assertThat(refresh).isInstanceOf(Refresh.Loaded.class);
        return (Refresh.Loaded) refresh;
    }

    static LoadedFunction loadedFunction(Refresh refresh) {
        return loaded(refresh).function();
    }

    static Refresh.Failed failed(Refresh refresh) {
        assertThat(refresh).isInstanceOf(Refresh.Failed.class);
        return (Refresh.Failed) refresh;
    }

    static FunctionLoadException failure(Refresh refresh) {
        return failed(refresh).error();
    }
}
