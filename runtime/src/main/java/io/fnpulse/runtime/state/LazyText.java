package io.fnpulse.runtime.state;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A string made the first time it is asked for, then kept. A run of stream entries commits only the last state and
 * status its calls leave, and only the last env a run saves is ever serialised: made lazily, the ones a later call
 * replaces cost nothing.
 */
public final class LazyText {

    private Supplier<String> make;
    private String text;

    private LazyText(Supplier<String> make, String text) {
        this.make = make;
        this.text = text;
    }

    /** A string already made. */
    public static LazyText of(String text) {
        return new LazyText(null, Objects.requireNonNull(text));
    }

    /** A string {@code make} makes when first asked for: it must not fail, and may run on another thread. */
    public static LazyText later(Supplier<String> make) {
        return new LazyText(Objects.requireNonNull(make), null);
    }

    public synchronized String get() {
        if (text == null) {
            text = Objects.requireNonNull(make.get(), "a lazy text made null");
            make = null; // what made it may hold much more than the text
        }
        return text;
    }
}
