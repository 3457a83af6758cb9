package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Compose makes of the strings of a Compose file before it uses them, in the subset every Compose version
 * agrees on (v2, v1 and podman-compose): {@code $$} is a literal {@code $}; {@code ${NAME}} and {@code $NAME} take
 * the variable, {@code ${NAME:-default}} and {@code ${NAME-default}} its default when it is unset. Any other
 * {@code $} is refused, as Compose v1 refuses it ("Invalid interpolation format"): it is what broke {@code K$}.
 */
final class ComposeInterpolation {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\{(\\w+)(?:(:?-)([^}$]*))?}|\\$(\\w+)|\\$");

    private final Map<String, String> environment;

    ComposeInterpolation(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    String apply(String text) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String replacement;
            if (reference.group().equals("$$")) {
                replacement = "$";
            } else if (reference.group(1) != null || reference.group(4) != null) {
                String name = reference.group(1) != null ? reference.group(1) : reference.group(4);
                String value = environment.get(name);
                boolean useDefault = value == null || (":-".equals(reference.group(2)) && value.isEmpty());
                replacement = useDefault ? (reference.group(3) != null ? reference.group(3) : "") : value;
            } else {
                throw new IllegalArgumentException("invalid interpolation format in \"" + text + "\" at "
                        + reference.start() + ": write $$ for a literal $");
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        reference.appendTail(out);
        return out.toString();
    }

    /** A copy of the tree with every string interpolated (keys are left as they are, as Compose does). */
    JsonNode apply(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(apply(node.asText()));
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), apply(field.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(item -> copy.add(apply(item)));
            return copy;
        }
        return node;
    }
}
