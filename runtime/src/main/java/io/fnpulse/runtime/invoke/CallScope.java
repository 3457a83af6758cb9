package io.fnpulse.runtime.invoke;

import java.util.Map;

/**
 * What belongs to one call: its own copy of the env, its deadline, and what it prints. The function's {@code context.env()} is this
 * copy for the call's thread and for every thread started from it, so a thread that outlives its call (one that
 * timed out, or one the function left running) only ever writes into its own, dead, copy.
 */
record CallScope(RuntimeContext context, Map<String, Object> env, long deadlineNanos, CallOutput output) {}
