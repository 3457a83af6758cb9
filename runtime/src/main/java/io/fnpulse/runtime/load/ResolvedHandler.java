package io.fnpulse.runtime.load;

import io.fnpulse.api.Handler;

/**
 * The entry point found for a version.
 *
 * @param spec  what was resolved, always with its method, e.g. {@code io.x.Foo::handle}
 * @param entry calls it
 */
record ResolvedHandler(HandlerSpec spec, Handler entry) {}
