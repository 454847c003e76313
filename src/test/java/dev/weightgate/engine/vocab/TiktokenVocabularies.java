package dev.weightgate.engine.vocab;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a byte-level BPE {@link Vocabulary} from tiktoken ranks, as converters to GGUF do: token {@code r} is the
 * byte string of rank {@code r}, and its merge rule is the pair that BPE over its own bytes, using only lower
 * ranks, ends with.
 */
final class TiktokenVocabularies {

    private TiktokenVocabularies() {
    }

    static Vocabulary fromRanks(Map<byte[], Integer> ranks, String preTokenizer) {
        return fromRanks(ranks, preTokenizer, Map.of());
    }

    /**
     * As {@link #fromRanks(Map, String)}, with special tokens (id to text) after the ranks, typed CONTROL as GGUF
     * converters type tiktoken's specials.
     */
    static Vocabulary fromRanks(Map<byte[], Integer> ranks, String preTokenizer, Map<Integer, String> specials) {
        int rankCount = ranks.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        int size = Math.max(rankCount, specials.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1);
        byte[][] bytesOfRank = new byte[size][];
        Map<String, Integer> rankOfBytes = new HashMap<>(ranks.size() * 2);
        ranks.forEach((bytes, rank) -> {
            bytesOfRank[rank] = bytes;
            rankOfBytes.put(latin1(bytes), rank);
        });
        String[] tokens = new String[size];
        List<String> merges = new ArrayList<>();
        int[] tokenTypes = new int[size];
        java.util.Arrays.fill(tokenTypes, TokenAttributes.TYPE_NORMAL);
        for (int rank = 0; rank < size; rank++) {
            if (specials.containsKey(rank)) {
                tokens[rank] = specials.get(rank);
                tokenTypes[rank] = TokenAttributes.TYPE_CONTROL;
                continue;
            }
            if (bytesOfRank[rank] == null) {
                throw new IllegalArgumentException("no token has rank " + rank);
            }
            tokens[rank] = ByteLevelAlphabet.encode(bytesOfRank[rank]);
            if (bytesOfRank[rank].length > 1) {
                List<String> parts = mergeBelow(latin1(bytesOfRank[rank]), rank, rankOfBytes);
                if (parts.size() != 2) {
                    throw new IllegalArgumentException("token of rank " + rank + " is not one merge of lower ranks");
                }
                merges.add(byteLevel(parts.get(0)) + " " + byteLevel(parts.get(1)));
            }
        }
        return Vocabulary.builder(TokenizerModel.BYTE_LEVEL_BPE, tokens)
                .merges(merges)
                .tokenTypes(tokenTypes)
                .preTokenizer(preTokenizer)
                .build();
    }

    /** Tiktoken's BPE over the bytes (as Latin-1 text), stopping before any merge of rank {@code maxRank} or above. */
    private static List<String> mergeBelow(String bytes, int maxRank, Map<String, Integer> rankOfBytes) {
        List<String> parts = new ArrayList<>();
        for (char c : bytes.toCharArray()) {
            parts.add(String.valueOf(c));
        }
        while (parts.size() > 1) {
            int best = -1;
            int bestRank = maxRank;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer rank = rankOfBytes.get(parts.get(i) + parts.get(i + 1));
                if (rank != null && rank < bestRank) {
                    best = i;
                    bestRank = rank;
                }
            }
            if (best < 0) {
                break;
            }
            parts.set(best, parts.get(best) + parts.remove(best + 1));
        }
        return parts;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String byteLevel(String latin1) {
        return ByteLevelAlphabet.encode(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }
}
