package io.fnpulse.runtime.load;

import java.time.Duration;

/**
 * How long the function's own code may run while a version loads (its static initialisers and constructor), and
 * whom to tell when a thread had to be abandoned to code that could not be stopped.
 */
public record UserCodeLimits(Duration timeout, Runnable onAbandoned) {}
