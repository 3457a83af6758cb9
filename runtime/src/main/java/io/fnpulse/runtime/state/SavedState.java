package io.fnpulse.runtime.state;

import java.time.Instant;
import java.util.Map;

/**
 * What the state key holds: the env after the last successful call, in the form its function's language saves it,
 * and a digest of the input that call processed.
 */
public record SavedState(
        Map<String, Object> env, EnvForm form, String inputDigest, Instant savedAt, String codeVersion) {}
