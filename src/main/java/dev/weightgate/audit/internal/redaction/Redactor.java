package dev.weightgate.audit.internal.redaction;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import org.springframework.stereotype.Component;

/**
 * Masks personal data and secrets in prompts and completions before they are stored: e-mail addresses, phone
 * numbers, IBANs, payment cards, national ids (US SSN, UK National Insurance number, Spanish DNI/NIE, Dutch BSN) and
 * secrets (provider, Weightgate, GitHub, AWS and Slack keys, private key blocks, JWTs, bearer tokens). Each match
 * becomes a placeholder naming its kind, such as {@code [EMAIL]}.
 *
 * <p>Numbers with a checksum (cards, IBANs, DNI/NIE, BSN) are masked only when it holds, so that ordinary numbers
 * stay readable. Stateless and thread-safe; every pattern runs in time linear in the text.
 */
@Component
public final class Redactor {

    public String redact(String text) {
        return redactWithReport(text).text();
    }

    public Redaction redactWithReport(String text) {
        if (text == null || text.isEmpty()) {
            return new Redaction(text, Map.of());
        }
        int[] counts = new int[RedactionKind.values().length];
        String redacted = text;
        for (Detector detector : Detectors.ALL) {
            redacted = apply(detector, redacted, counts);
        }
        Map<String, Integer> countsByKind = new LinkedHashMap<>();
        for (RedactionKind kind : RedactionKind.values()) {
            if (counts[kind.ordinal()] > 0) {
                countsByKind.put(kind.name(), counts[kind.ordinal()]);
            }
        }
        return new Redaction(redacted, Collections.unmodifiableMap(countsByKind));
    }

    private static String apply(Detector detector, String text, int[] counts) {
        // Transparent bounds: the pattern's lookbehind sees the text before the anchor it is tried at.
        Matcher matcher = detector.pattern().matcher(text).useTransparentBounds(true);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        int anchor;
        while (from < text.length() && (anchor = detector.anchor().next(text, from)) >= 0) {
            matcher.region(anchor, text.length());
            if (!matcher.lookingAt()) {
                from = anchor + 1;
                continue;
            }
            int start = detector.group() == null ? matcher.start() : matcher.start(detector.group());
            int end = detector.group() == null ? matcher.end() : matcher.end(detector.group());
            int masked = detector.check().maskedLength(text.substring(start, end));
            if (masked == Detector.Check.REJECT) {
                from = anchor + 1;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start).append(detector.kind().placeholder());
            copied = start + masked;
            // A shortened match (an IBAN followed by a word) leaves its tail to be searched again.
            from = Math.max(copied, anchor + 1);
            counts[detector.kind().ordinal()]++;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }
}
