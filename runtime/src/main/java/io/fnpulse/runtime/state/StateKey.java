package io.fnpulse.runtime.state;

import java.time.Instant;

/** The state key as the path of an input uses it: what a commit saves in it, and setting aside a value of no use. */
public interface StateKey {

    /** The state key's value for an env already serialised by the call that produced it. */
    String encode(String envJson, EnvForm form, String inputDigest, String codeVersion, Instant savedAt);

    /**
     * The env restored from the key turned out unreadable to the function (a Python worker's reader refused it): the
     * value is moved aside as corrupt, as an unusable one is at start, and the runtime goes on from an empty env.
     */
    void setAside(String why);
}
