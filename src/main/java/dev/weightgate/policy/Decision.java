package dev.weightgate.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The answer for one request, with its explanation: every rule that fired ({@link #reasons}), what the gateway must
 * do when it serves the request ({@link #obligations}, empty when denied), the license the model is under
 * ({@code null} when the model is not in the catalog) and the policy version it was decided at.
 */
public record Decision(Outcome outcome, List<Reason> reasons, List<Obligation> obligations, String licenseId,
                       long policyVersion) {

    /** Response header naming the model's license id ({@code unknown} when it is not in the catalog). */
    public static final String LICENSE_HEADER = "x-weightgate-license";
    public static final String ATTRIBUTION_HEADER = "x-weightgate-attribution";
    public static final String AI_GENERATED_HEADER = "x-weightgate-ai-generated";
    public static final String LICENSE_TERMS_HEADER = "x-weightgate-license-terms";
    public static final String HUMAN_REVIEW_HEADER = "x-weightgate-human-review";

    public enum Outcome {
        ALLOW,
        DENY
    }

    public Decision {
        reasons = List.copyOf(reasons);
        obligations = List.copyOf(obligations);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /**
     * The response headers the obligations require, for an allowed request (none for a denied one). Values are
     * single-line ASCII; several attributions or terms are joined with {@code "; "}.
     */
    public Map<String, String> headers() {
        if (!allowed()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LICENSE_HEADER, licenseId == null ? "unknown" : headerValue(licenseId));
        for (Obligation obligation : obligations) {
            switch (obligation.type()) {
                case ATTRIBUTION -> headers.merge(ATTRIBUTION_HEADER, headerValue(obligation.value()), Decision::join);
                case AI_GENERATED_LABEL -> headers.put(AI_GENERATED_HEADER, "true");
                case PASS_TERMS_DOWNSTREAM -> headers.merge(LICENSE_TERMS_HEADER, headerValue(obligation.value()),
                        Decision::join);
                case HUMAN_REVIEW -> headers.put(HUMAN_REVIEW_HEADER, "required");
                case TRAINING_RESTRICTION, LICENSE_UNREVIEWED, LICENSE_UNVERIFIED -> {
                    // Recorded in the audit (summary, obligations), not announced to the client.
                }
            }
        }
        return Map.copyOf(headers);
    }

    /** A line to append to the response's text, when an attribution obligation asks for one. */
    public Optional<String> appendedText() {
        String text = obligations.stream()
                .filter(o -> o.type() == Obligation.Type.ATTRIBUTION && o.inResponse() && o.value() != null)
                .map(Obligation::value).distinct().collect(Collectors.joining("; "));
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Whether the response should carry a machine-readable AI-generated marker in its body as well as the header. */
    public boolean aiGeneratedMarker() {
        return allowed() && obligations.stream()
                .anyMatch(o -> o.type() == Obligation.Type.AI_GENERATED_LABEL && o.inResponse());
    }

    /**
     * The refusal to answer with, for a denied request: the first reason that accepting terms or completing the
     * profile cannot fix wins over those that can, so the client is not sent to accept terms it still could not use.
     */
    public Optional<Denial> denial() {
        if (allowed()) {
            return Optional.empty();
        }
        List<Reason> denials = reasons.stream().filter(r -> r.effect() == Reason.Effect.DENY).toList();
        Reason first = denials.stream().filter(r -> !RESOLVABLE.contains(r.code())).findFirst().orElse(denials.getFirst());
        String message = first.message();
        if (denials.size() > 1) {
            message += " (" + (denials.size() - 1) + " more: " + denials.stream().filter(r -> r != first)
                    .map(Reason::code).distinct().collect(Collectors.joining(", ")) + ")";
        }
        return Optional.of(new Denial("invalid_purpose".equals(first.code()) ? 400 : 403, first.code(), message));
    }

    /** A short line for the audit record: outcome, license, deciding rules and obligations, policy version. */
    public String summary() {
        StringJoiner line = new StringJoiner(" ");
        line.add(outcome.name()).add("license=" + (licenseId == null ? "unknown" : licenseId))
                .add("policy=" + policyVersion);
        String fired = reasons.stream().filter(r -> r.effect() == Reason.Effect.DENY || r.effect() == Reason.Effect.WAIVED)
                .map(r -> (r.effect() == Reason.Effect.WAIVED ? "waived:" : "") + r.rule() + ":" + r.code())
                .collect(Collectors.joining(","));
        if (!fired.isEmpty()) {
            line.add("rules=[" + fired + "]");
        }
        if (allowed() && !obligations.isEmpty()) {
            line.add("obligations=[" + obligations.stream().map(o -> o.type().code()).distinct()
                    .collect(Collectors.joining(",")) + "]");
        }
        return line.toString();
    }

    private static final List<String> RESOLVABLE = List.of("license_acceptance_required", "compliance_profile_required");

    private static String join(String a, String b) {
        return a.equals(b) || a.contains(b) ? a : a + "; " + b;
    }

    /** Header values must be one line of visible ASCII. */
    static String headerValue(String value) {
        StringBuilder clean = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                clean.append(c);
            } else {
                clean.append(c == '\u00a9' ? "(c)" : "?");
            }
        }
        return clean.toString().strip();
    }
}
