package dev.weightgate.policy.internal;

import java.util.Locale;

/**
 * How model ids are compared with catalog patterns: lower-cased, without an {@code org/} prefix, with {@code :},
 * {@code _} and spaces read as {@code -} ({@code meta-llama/Llama-3.2-1B} and {@code llama3.2:1b} both become plain
 * dash-separated names). Patterns use {@code *} for any run of characters.
 */
public final class ModelIds {

    private ModelIds() {
    }

    public static String normalize(String modelId) {
        String id = modelId.strip().toLowerCase(Locale.ROOT);
        int slash = id.lastIndexOf('/');
        if (slash >= 0 && slash < id.length() - 1) {
            id = id.substring(slash + 1);
        }
        return id.replace(':', '-').replace('_', '-').replace(' ', '-');
    }

    /** A compiled pattern; its specificity is the number of literal characters, so longer patterns win. */
    public record Glob(String pattern, String[] parts, boolean leadingStar, boolean trailingStar) {

        public static Glob of(String pattern) {
            String p = pattern.strip().toLowerCase(Locale.ROOT).replace(':', '-').replace('_', '-');
            return new Glob(p, p.split("\\*+", -1), p.startsWith("*"), p.endsWith("*"));
        }

        public int specificity() {
            return pattern.replace("*", "").length();
        }

        public boolean matches(String normalizedId) {
            if (parts.length == 1) {
                return normalizedId.equals(parts[0]);
            }
            int position = 0;
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.isEmpty()) {
                    continue;
                }
                if (i == 0) {
                    if (!normalizedId.startsWith(part)) {
                        return false;
                    }
                    position = part.length();
                } else if (i == parts.length - 1) {
                    return normalizedId.length() - part.length() >= position && normalizedId.endsWith(part);
                } else {
                    int found = normalizedId.indexOf(part, position);
                    if (found < 0) {
                        return false;
                    }
                    position = found + part.length();
                }
            }
            return true;
        }
    }
}
