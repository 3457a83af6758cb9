package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.AnyGetterWriter;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerBuilder;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a Kubernetes object against the API's schema as the API server's strict decoding would: every field must
 * be one its kind has, at the place it has it, with a value of its type. The schema is fabric8's model of the API
 * (kubernetes-model-*); a kind of no group on the class path — a CRD such as KEDA's ScaledObject — is checked
 * against a schema of its own in {@link CustomResourceSchemas}, and one that has neither is reported, not skipped.
 *
 * <p>fabric8's classes keep what they do not know in an {@code additionalProperties} map instead of failing, so
 * reading alone proves nothing. Here an object is read with scalar coercion off (no {@code "8080"} for an integer,
 * no {@code 5} for a string), then written back without those maps; a field of the input that is missing from the
 * output was not part of the schema where it stands.
 */
final class KubernetesSchema {

    private static final ObjectMapper READER = strictReader();
    /** Writes the model's fields only: no {@code @JsonAnyGetter}, so unknown fields read into additionalProperties vanish. */
    private static final ObjectMapper WRITER = JsonMapper.builder()
            .addModule(new SimpleModule().setSerializerModifier(new BeanSerializerModifier() {
                @Override
                public BeanSerializerBuilder updateBuilder(
                        SerializationConfig config, BeanDescription description, BeanSerializerBuilder builder) {
                    // Since Jackson 2.18 the any-getter is also one of the properties, for ordering.
                    builder.setAnyGetter(null);
                    builder.setProperties(withoutAnyGetter(builder.getProperties()));
                    if (builder.getFilteredProperties() != null) {
                        builder.setFilteredProperties(withoutAnyGetter(List.of(builder.getFilteredProperties()))
                                .toArray(BeanPropertyWriter[]::new));
                    }
                    return builder;
                }
            }))
            .build();

    private KubernetesSchema() {}

    private static List<BeanPropertyWriter> withoutAnyGetter(List<BeanPropertyWriter> properties) {
        return properties.stream()
                .filter(property -> !(property instanceof AnyGetterWriter))
                .toList();
    }

    /** What is wrong with the object, one line each, naming the object and the path of the field; empty if nothing. */
    static List<String> violations(JsonNode object) {
        String name = object.path("kind").asText("?") + "/"
                + object.path("metadata").path("name").asText("?");
        String type =
                object.path("apiVersion").asText() + " " + object.path("kind").asText();
        List<String> found = new ArrayList<>();
        Class<?> schema = CustomResourceSchemas.of(
                        object.path("apiVersion").asText(), object.path("kind").asText())
                .orElse(KubernetesResource.class);
        Object read;
        try {
            read = READER.treeToValue(object, schema);
        } catch (JsonMappingException e) {
            return List.of(name + ": " + path(e) + ": " + e.getOriginalMessage());
        } catch (Exception e) {
            return List.of(name + ": " + e.getMessage());
        }
        if (read instanceof GenericKubernetesResource) {
            return List.of(
                    name + ": no schema for " + type + ": neither a fabric8 kubernetes-model module on the test class"
                            + " path (stack/pom.xml) nor a schema in CustomResourceSchemas");
        }
        compare(object, WRITER.valueToTree(read), "", READER.constructType(read.getClass()), found);
        return found.stream().map(problem -> name + ": " + problem).toList();
    }

    /**
     * Every field of {@code given} must be in {@code understood}, at the same place, with the same value; {@code type}
     * is the model's type at that place, to name the fields it has when one is unknown.
     */
    private static void compare(JsonNode given, JsonNode understood, String path, JavaType type, List<String> found) {
        if (given.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = given.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (!understood.has(field.getKey())
                        || understood.get(field.getKey()).isNull()) {
                    found.add(at + ": unknown field \"" + field.getKey() + "\"" + known(type, field.getKey()));
                } else {
                    compare(value, understood.get(field.getKey()), at, member(type, field.getKey()), found);
                }
            }
        } else if (given.isArray()) {
            if (!understood.isArray() || understood.size() != given.size()) {
                found.add(path + ": read as " + understood);
                return;
            }
            for (int i = 0; i < given.size(); i++) {
                compare(
                        given.get(i),
                        understood.get(i),
                        path + "[" + i + "]",
                        type == null ? null : type.getContentType(),
                        found);
            }
        } else if (!given.asText().equals(understood.asText())) {
            found.add(path + ": " + given + " read as " + understood);
        }
    }

    /** The type of a bean's property, or a map's values; null where it is not known. */
    private static JavaType member(JavaType type, String name) {
        if (type == null) {
            return null;
        }
        if (type.isMapLikeType()) {
            return type.getContentType();
        }
        return properties(type).stream()
                .filter(property -> property.getName().equals(name))
                .findFirst()
                .map(property -> property.getPrimaryType())
                .orElse(null);
    }

    private static List<BeanPropertyDefinition> properties(JavaType type) {
        return READER.getDeserializationConfig().introspect(type).findProperties();
    }

    /** " (did you mean x?)", or the fields the type has. */
    private static String known(JavaType type, String unknown) {
        if (type == null || type.isMapLikeType() || type.isContainerType()) {
            return "";
        }
        List<String> names = properties(type).stream()
                .map(BeanPropertyDefinition::getName)
                .sorted()
                .toList();
        List<String> close = names.stream()
                .filter(name -> distance(name.toLowerCase(), unknown.toLowerCase()) <= 2)
                .toList();
        String what = type.getRawClass().getSimpleName();
        return close.isEmpty()
                ? "; " + what + " has " + String.join(", ", names)
                : "; did you mean " + String.join(" or ", close) + "? (" + what + ")";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? "." + reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static ObjectMapper strictReader() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (CoercionInputShape shape :
                List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }
}
