package io.fnpulse.runtime.trigger;

/** A value of the input key the runtime has not handled yet, with the digest that identifies it across restarts. */
public record Input(String raw, String digest) {
}
