package dev.weightgate.engine.chat;

import java.util.Map;
import java.util.Objects;

/**
 * A function the model may call, as in OpenAI's {@code tools}: the whole tool object, kept as the client wrote it
 * (key order included), because templates print it with {@code tojson}.
 */
public final class ToolSpec {

    private final Map<String, Object> tool;
    private final String name;

    private ToolSpec(Map<String, Object> tool, String name) {
        this.tool = tool;
        this.name = name;
    }

    /**
     * A function tool {@code {"type": "function", "function": {"name", "description", "parameters"}}}.
     *
     * @param description may be null (then left out)
     * @param parameters  the JSON schema of the parameters as JSON text; null leaves it out
     */
    public static ToolSpec function(String name, String description, String parameters) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> function = new java.util.LinkedHashMap<>();
        function.put("name", name);
        if (description != null) {
            function.put("description", description);
        }
        if (parameters != null) {
            function.put("parameters", Json.parse(parameters));
        }
        return new ToolSpec(Json.object("type", "function", "function", java.util.Collections.unmodifiableMap(
                function)), name);
    }

    /**
     * A tool from the JSON of one element of OpenAI's {@code tools} array, kept exactly (key order included).
     *
     * @throws IllegalArgumentException if it is not JSON, or not an object with {@code function.name}
     */
    @SuppressWarnings("unchecked")
    public static ToolSpec fromJson(String toolJson) {
        Object parsed = Json.parse(toolJson);
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("function") instanceof Map<?, ?> function)
                || !(function.get("name") instanceof String name)) {
            throw new IllegalArgumentException("a tool must be an object with function.name: " + toolJson);
        }
        return new ToolSpec((Map<String, Object>) map, name);
    }

    public String name() {
        return name;
    }

    /** The tool object as JSON (Python's {@code json.dumps} layout). */
    public String toJson() {
        return Json.dumps(tool);
    }

    /** The tool object as templates see it. */
    Map<String, Object> value() {
        return tool;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ToolSpec that && toJson().equals(that.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "ToolSpec" + toJson();
    }
}
