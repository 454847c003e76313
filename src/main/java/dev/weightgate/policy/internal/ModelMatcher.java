package dev.weightgate.policy.internal;

import dev.weightgate.policy.ModelEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the catalog entry for a model id: an entry with that very id first, then the most specific pattern. */
final class ModelMatcher {

    private record Candidate(ModelIds.Glob glob, ModelEntry entry, int order) {
    }

    private final Map<String, ModelEntry> exact = new HashMap<>();
    private final List<Candidate> patterns = new ArrayList<>();

    ModelMatcher(List<ModelEntry> entries) {
        int order = 0;
        for (ModelEntry entry : entries) {
            exact.putIfAbsent(ModelIds.normalize(entry.id()), entry);
            for (String pattern : entry.match()) {
                patterns.add(new Candidate(ModelIds.Glob.of(pattern), entry, order++));
            }
        }
        patterns.sort(Comparator.comparingInt((Candidate c) -> -c.glob().specificity()).thenComparingInt(Candidate::order));
    }

    Optional<ModelEntry> match(String modelId) {
        String normalized = ModelIds.normalize(modelId);
        ModelEntry entry = exact.get(normalized);
        if (entry != null) {
            return Optional.of(entry);
        }
        for (Candidate candidate : patterns) {
            if (candidate.glob().matches(normalized)) {
                return Optional.of(candidate.entry());
            }
        }
        return Optional.empty();
    }
}
