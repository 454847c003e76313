package dev.weightgate.engine.vocab;

import java.util.Map;

/**
 * A {@link Vocabulary} from tiktoken ranks, built as a GGUF file carries it ({@link TiktokenGgufVocabulary}) and read
 * back the way a model's vocabulary is ({@link GgufVocabularyReader}).
 */
final class TiktokenVocabularies {

    private TiktokenVocabularies() {
    }

    static Vocabulary fromRanks(byte[][] ranks, String preTokenizer) {
        return fromRanks(ranks, preTokenizer, Map.of());
    }

    /** As {@link #fromRanks(byte[][], String)}, with special tokens (id to text), typed CONTROL, after the ranks. */
    static Vocabulary fromRanks(byte[][] ranks, String preTokenizer, Map<Integer, String> specials) {
        int size = Math.max(ranks.length, specials.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1);
        return GgufVocabularyReader.read(TiktokenGgufVocabulary.metadata(ranks, specials, size, preTokenizer).build());
    }
}
