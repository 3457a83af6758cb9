package io.fnpulse.runtime.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.fnpulse.runtime.invoke.JsonMappers;

/**
 * A JSON mapper for one version's values. Jackson caches serializers and types per class; in a mapper shared by the
 * whole runtime (or in the process-wide default type factory) those caches would hold every replaced version's
 * classes, and with them its class loader, for good.
 */
final class VersionJson {

    private VersionJson() {}

    static ObjectMapper newMapper() {
        return JsonMappers.create().setTypeFactory(TypeFactory.createDefaultInstance());
    }
}
