package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.state.StateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A state key without Redis for the path's tests: the value is the input's digest and the env, what was set aside is kept. */
final class TestStateKey implements StateKey {

    final List<String> setAside = new ArrayList<>();
    private final boolean withDigest;

    /** @param withDigest whether the value starts with the input's digest and a space */
    TestStateKey(boolean withDigest) {
        this.withDigest = withDigest;
    }

    @Override
    public String encode(String envJson, EnvForm form, String inputDigest, String codeVersion, Instant savedAt) {
        return withDigest ? inputDigest + " " + envJson : envJson;
    }

    @Override
    public void setAside(String why) {
        setAside.add(why);
    }
}
