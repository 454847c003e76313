package dev.weightgate.engine.vocab;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tokenizer.*} keys of a byte-level BPE vocabulary built from tiktoken ranks, laid out as llama.cpp's
 * {@code convert_hf_to_gguf.py} writes a Hugging Face tokenizer that was itself converted from tiktoken
 * ({@code get_vocab_base}, {@code _set_vocab_gpt2}):
 *
 * <ul>
 *   <li>id {@code r} is the token of rank {@code r}, spelled in the byte-level alphabet, typed NORMAL;</li>
 *   <li>added tokens keep their ids and text and are typed CONTROL (every tiktoken special is {@code special} and
 *       looks special, {@code <|...|>});</li>
 *   <li>ids up to the model's vocabulary size that are neither become {@code [PAD<id>]}, typed UNUSED;</li>
 *   <li>the merges are those of transformers' {@code TikTokenConverter}: for every token, each split into two
 *       tokens, ordered by the token's rank and then by the ranks of the halves. BPE with these merges reproduces
 *       tiktoken, and the count matches the released files (446,189 for o200k).</li>
 * </ul>
 */
public final class TiktokenGgufVocabulary {

    private TiktokenGgufVocabulary() {
    }

    /**
     * The keys {@code tokenizer.ggml.model}, {@code pre}, {@code tokens}, {@code token_type} and {@code merges}.
     *
     * @param ranks        token bytes indexed by rank ({@link TiktokenRanks#read})
     * @param addedTokens  id to text of the special tokens; ids must not collide with ranks
     * @param vocabSize    the model's vocabulary size (the embedding's rows), at least every rank and added id
     * @param preTokenizer the {@code tokenizer.ggml.pre} name
     */
    public static GgufMetadata.Builder metadata(byte[][] ranks, Map<Integer, String> addedTokens, int vocabSize,
                                                String preTokenizer) {
        String[] tokens = new String[vocabSize];
        int[] types = new int[vocabSize];
        if (ranks.length > vocabSize) {
            throw new IllegalArgumentException(ranks.length + " ranks do not fit a vocabulary of " + vocabSize);
        }
        for (int rank = 0; rank < ranks.length; rank++) {
            tokens[rank] = ByteLevelAlphabet.encode(ranks[rank]);
            types[rank] = TokenAttributes.TYPE_NORMAL;
        }
        addedTokens.forEach((id, text) -> {
            if (id < 0 || id >= vocabSize || tokens[id] != null) {
                throw new IllegalArgumentException("added token " + text + " cannot have id " + id);
            }
            tokens[id] = text;
            types[id] = TokenAttributes.TYPE_CONTROL;
        });
        for (int id = 0; id < vocabSize; id++) {
            if (tokens[id] == null) {
                tokens[id] = "[PAD" + id + "]";
                types[id] = TokenAttributes.TYPE_UNUSED;
            }
        }
        return GgufMetadata.builder()
                .putString(GgufKeys.TOKENIZER_MODEL, "gpt2")
                .putString(GgufKeys.TOKENIZER_PRE, preTokenizer)
                .putArray(GgufKeys.TOKENIZER_TOKENS, GgufArray.ofStrings(tokens))
                .putArray(GgufKeys.TOKENIZER_TOKEN_TYPE, GgufArray.ofInt32(types))
                .putArray(GgufKeys.TOKENIZER_MERGES, GgufArray.ofStrings(merges(ranks)));
    }

    /** TikTokenConverter's merges, spelled in the byte-level alphabet as {@code "left right"}. */
    static List<String> merges(byte[][] ranks) {
        // Latin-1 keeps one char per byte, so substrings of a token's text are its byte slices.
        Map<String, Integer> rankOf = new HashMap<>(ranks.length * 2);
        for (int rank = 0; rank < ranks.length; rank++) {
            rankOf.put(new String(ranks[rank], StandardCharsets.ISO_8859_1), rank);
        }
        List<String> merges = new ArrayList<>(ranks.length * 3);
        List<long[]> splits = new ArrayList<>();
        for (byte[] token : ranks) {
            if (token.length < 2) {
                continue;
            }
            String bytes = new String(token, StandardCharsets.ISO_8859_1);
            splits.clear();
            for (int at = 1; at < bytes.length(); at++) {
                Integer left = rankOf.get(bytes.substring(0, at));
                Integer right = rankOf.get(bytes.substring(at));
                if (left != null && right != null) {
                    splits.add(new long[] {left, right, at});
                }
            }
            splits.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            for (long[] split : splits) {
                int at = (int) split[2];
                merges.add(ByteLevelAlphabet.encode(token, 0, at) + " "
                        + ByteLevelAlphabet.encode(token, at, token.length - at));
            }
        }
        return merges;
    }
}
