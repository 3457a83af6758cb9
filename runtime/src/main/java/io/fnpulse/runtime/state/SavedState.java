package io.fnpulse.runtime.state;

import java.time.Instant;
import java.util.Map;

/** What the state key holds: the env after the last successful call and a digest of the input that call processed. */
public record SavedState(Map<String, Object> env, String inputDigest, Instant savedAt, String codeVersion) {}
