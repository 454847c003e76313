package dev.weightgate.engine.chat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Function tools as harmony declares them to gpt-oss: a TypeScript-like {@code namespace functions { ... }} with one
 * {@code type name = (_: {...}) => any;} per function, the parameters' JSON schema turned into a TypeScript type.
 *
 * <p>The conversion follows {@code openai/harmony}'s {@code json_schema_to_typescript} (the reference renderer the
 * model card points to) rather than the gpt-oss Jinja template's macro: both agree on flat schemas (the common
 * case: strings, numbers, enums, arrays of scalars, descriptions, defaults), but only harmony's handles nested
 * objects, {@code oneOf}, titles and examples the way OpenAI renders them. One deliberate exception: a function
 * whose parameters declare no properties is written {@code () => any}, as the Jinja template and harmony's own
 * example of a parameterless function show it, not harmony's {@code (_: {\n}) => any} for an explicitly empty
 * object, because OpenAI clients send {@code {"type":"object","properties":{}}} for functions without arguments.
 */
final class HarmonyTypeScript {

    private HarmonyTypeScript() {
    }

    /** The {@code ## functions} section: heading, namespace, one declaration per tool. */
    static String functionsNamespace(List<ToolSpec> tools) {
        List<String> lines = new ArrayList<>();
        lines.add("## functions\n");
        lines.add("namespace functions {\n");
        for (ToolSpec tool : tools) {
            Map<String, Object> function = map(tool.value().get("function"));
            if (function.get("description") instanceof String description) {
                for (String line : rustLines(description)) {
                    lines.add("// " + line);
                }
            }
            Object parameters = function.get("parameters");
            if (parameters instanceof Map<?, ?> schema && declaresParameters(map(schema))) {
                lines.add("type " + tool.name() + " = (_: " + type(map(schema), "") + ") => any;\n");
            } else {
                lines.add("type " + tool.name() + " = () => any;\n");
            }
        }
        lines.add("} // namespace functions");
        return String.join("\n", lines);
    }

    private static boolean declaresParameters(Map<String, Object> schema) {
        return schema.get("properties") instanceof Map<?, ?> properties && !properties.isEmpty()
                || schema.get("oneOf") instanceof List<?>
                || schema.get("type") != null && !"object".equals(schema.get("type"));
    }

    /** The TypeScript type of a schema; {@code indent} prefixes the lines of nested object members. */
    static String type(Map<String, Object> schema, String indent) {
        if (schema.get("oneOf") instanceof List<?> variants) {
            StringBuilder out = new StringBuilder();
            for (Object raw : variants) {
                Map<String, Object> variant = map(raw);
                out.append('\n').append(indent).append(" | ").append(nullable(variant, type(variant, indent + "   ")));
                List<String> comments = new ArrayList<>();
                if (variant.get("description") instanceof String description) {
                    comments.add(description);
                }
                if (variant.containsKey("default")) {
                    comments.add("default: " + defaultText(variant));
                }
                appendTrailingComments(out, comments);
            }
            return out.toString();
        }
        Object type = schema.get("type");
        if (type instanceof List<?> types) {
            List<String> names = new ArrayList<>();
            for (Object name : types) {
                if (name instanceof String s) {
                    names.add(s.equals("integer") ? "number" : s);
                }
            }
            if (!names.isEmpty()) {
                return String.join(" | ", names);
            }
        }
        if (!(type instanceof String name)) {
            return "any";
        }
        return switch (name) {
            case "object" -> object(schema, indent);
            case "string" -> {
                List<String> values = enumStrings(schema);
                yield values.isEmpty() ? "string" : String.join(" | ", values.stream().map(v -> "\"" + v + "\"")
                        .toList());
            }
            case "number", "integer" -> "number";
            case "boolean" -> "boolean";
            case "array" -> schema.get("items") instanceof Map<?, ?> items ? type(map(items), indent) + "[]"
                    : "Array<any>";
            default -> "any";
        };
    }

    private static String object(Map<String, Object> schema, String indent) {
        StringBuilder out = new StringBuilder();
        if (schema.get("description") instanceof String description) {
            out.append(indent).append("// ").append(description).append('\n');
        }
        out.append("{\n");
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            List<?> required = schema.get("required") instanceof List<?> list ? list : List.of();
            for (Map.Entry<?, ?> entry : properties.entrySet()) {
                String key = String.valueOf(entry.getKey());
                Map<String, Object> property = map(entry.getValue());
                String optional = required.contains(key) ? "" : "?";
                if (property.get("title") instanceof String title) {
                    out.append(indent).append("// ").append(title).append('\n').append(indent).append("//\n");
                }
                boolean oneOf = property.get("oneOf") instanceof List<?>;
                if (!oneOf && property.get("description") instanceof String description) {
                    out.append(indent).append("// ").append(description).append('\n');
                }
                if (property.get("examples") instanceof List<?> examples && !examples.isEmpty()) {
                    out.append(indent).append("// Examples:\n");
                    for (Object example : examples) {
                        if (example instanceof String s) {
                            out.append(indent).append("// - \"").append(s).append("\"\n");
                        }
                    }
                }
                if (oneOf) {
                    oneOfProperty(out, key + optional, property, indent);
                    continue;
                }
                out.append(indent).append(key).append(optional).append(": ");
                out.append(nullable(property, type(property, indent + "    "))).append(',');
                if (property.containsKey("default")) {
                    out.append(" // default: ").append(defaultText(property));
                }
                out.append('\n');
            }
        }
        return out.append(indent).append('}').toString();
    }

    /**
     * A property whose schema is a {@code oneOf}: its description and default above the name, one variant per line
     * below. The first variant's description is not repeated when it equals the property's.
     */
    private static void oneOfProperty(StringBuilder out, String label, Map<String, Object> property, String indent) {
        List<?> variants = (List<?>) property.get("oneOf");
        String propertyDescription = property.get("description") instanceof String s ? s : null;
        boolean describedAbove = false;
        boolean firstVariantSaysTheSame = !variants.isEmpty()
                && propertyDescription != null && propertyDescription.equals(map(variants.getFirst()).get("description"));
        if (propertyDescription != null && !firstVariantSaysTheSame) {
            out.append(indent).append("// ").append(propertyDescription).append('\n');
            describedAbove = true;
        }
        if (property.containsKey("default")) {
            out.append(indent).append("// default: ").append(defaultText(property)).append('\n');
        }
        out.append(indent).append(label).append(":\n");
        for (int i = 0; i < variants.size(); i++) {
            Map<String, Object> variant = map(variants.get(i));
            out.append(indent).append(" | ").append(nullable(variant, type(variant, indent + "   ")));
            List<String> comments = new ArrayList<>();
            if (!(i == 0 && describedAbove) && variant.get("description") instanceof String description
                    && !description.equals(propertyDescription)) {
                comments.add(description);
            }
            if (variant.containsKey("default")) {
                comments.add("default: " + defaultText(variant));
            }
            appendTrailingComments(out, comments);
            out.append('\n');
        }
        out.append(indent).append(",\n");
    }

    private static void appendTrailingComments(StringBuilder out, List<String> comments) {
        if (!comments.isEmpty()) {
            out.append(" // ").append(String.join(" ", comments));
        }
    }

    private static String nullable(Map<String, Object> schema, String type) {
        return Boolean.TRUE.equals(schema.get("nullable")) && !type.contains("null") ? type + " | null" : type;
    }

    /** A default value: an enum's member bare (it reads as the union member), other strings quoted, the rest JSON. */
    private static String defaultText(Map<String, Object> schema) {
        Object value = schema.get("default");
        if (value instanceof String s) {
            boolean isEnum = schema.get("enum") instanceof List<?> members && !members.isEmpty();
            return isEnum ? s : "\"" + s + "\"";
        }
        return compactJson(value);
    }

    private static List<String> enumStrings(Map<String, Object> schema) {
        List<String> values = new ArrayList<>();
        if (schema.get("enum") instanceof List<?> list) {
            for (Object value : list) {
                if (value instanceof String s) {
                    values.add(s);
                }
            }
        }
        return values;
    }

    /** JSON without spaces, as serde_json displays a value. */
    private static String compactJson(Object value) {
        StringBuilder out = new StringBuilder();
        writeCompact(out, value);
        return out.toString();
    }

    private static void writeCompact(StringBuilder out, Object value) {
        switch (value) {
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    Json.quote(out, String.valueOf(entry.getKey()));
                    out.append(':');
                    writeCompact(out, entry.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    writeCompact(out, list.get(i));
                }
                out.append(']');
            }
            case BigInteger i -> out.append(i);
            default -> out.append(Json.dumps(value));
        }
    }

    /** Rust's {@code str::lines}: split at {@code \n}, drop a {@code \r} before it, no final empty line. */
    private static List<String> rustLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = end < 0 ? text.substring(start) : text.substring(start, end);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = end < 0 ? text.length() : end + 1;
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
