package dev.weightgate.engine.vocab;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Small hand-built vocabularies whose merges are easy to follow in a test. */
final class TestVocabularies {

    static final int UNK = 0;
    static final int BOS = 1;
    static final int EOS = 2;
    /** {@code <0x00>} has this id, {@code <0xFF>} this plus 255. */
    static final int FIRST_BYTE_TOKEN = 3;

    private TestVocabularies() {
    }

    /**
     * A SentencePiece vocabulary: {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens, then the given
     * pieces ("text" or "text=score"; the default score is -10). Spaces in piece texts are written as U+2581.
     */
    static SpmBuilder sentencePiece(String... pieces) {
        return new SpmBuilder(pieces);
    }

    static final class SpmBuilder {
        final List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        final List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        final List<Integer> types = new ArrayList<>(List.of(
                TokenAttributes.TYPE_UNKNOWN, TokenAttributes.TYPE_CONTROL, TokenAttributes.TYPE_CONTROL));

        private SpmBuilder(String... pieces) {
            for (int b = 0; b < 256; b++) {
                add(String.format("<0x%02X>", b), 0f, TokenAttributes.TYPE_BYTE);
            }
            for (String piece : pieces) {
                int equals = piece.lastIndexOf('=');
                boolean scored = equals > 0;
                String text = (scored ? piece.substring(0, equals) : piece).replace(' ', '\u2581');
                add(text, scored ? Float.parseFloat(piece.substring(equals + 1)) : -10f, TokenAttributes.TYPE_NORMAL);
            }
        }

        SpmBuilder add(String text, float score, int type) {
            tokens.add(text);
            scores.add(score);
            types.add(type);
            return this;
        }

        Vocabulary.Builder vocabulary() {
            float[] scoreArray = new float[scores.size()];
            for (int i = 0; i < scoreArray.length; i++) {
                scoreArray[i] = scores.get(i);
            }
            return Vocabulary.builder(TokenizerModel.SENTENCE_PIECE, tokens.toArray(String[]::new))
                    .scores(scoreArray)
                    .tokenTypes(types.stream().mapToInt(Integer::intValue).toArray());
        }

        Tokenizer tokenizer() {
            return Tokenizer.of(vocabulary().build());
        }

        Tokenizer tokenizer(UnaryOperator<Vocabulary.Builder> settings) {
            return Tokenizer.of(settings.apply(vocabulary()).build());
        }

        GgufWriter gguf() {
            float[] scoreArray = new float[scores.size()];
            for (int i = 0; i < scoreArray.length; i++) {
                scoreArray[i] = scores.get(i);
            }
            return GgufWriter.create()
                    .putString(GgufKeys.GENERAL_ARCHITECTURE, "llama")
                    .putString(GgufKeys.TOKENIZER_MODEL, "llama")
                    .putArray(GgufKeys.TOKENIZER_TOKENS, GgufArray.ofStrings(tokens))
                    .putArray(GgufKeys.TOKENIZER_SCORES, GgufArray.ofFloat32(scoreArray))
                    .putArray(GgufKeys.TOKENIZER_TOKEN_TYPE,
                            GgufArray.ofInt32(types.stream().mapToInt(Integer::intValue).toArray()));
        }
    }

    /**
     * A byte-level BPE vocabulary: the 256 byte characters (token id = byte value), then one token per merge
     * ("left right", in rank order, spaces in the parts written as 'Ġ'), then the extra tokens.
     */
    static BpeBuilder byteLevel(String... merges) {
        return new BpeBuilder(merges);
    }

    static final class BpeBuilder {
        final List<String> tokens = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        final List<String> merges = new ArrayList<>();
        String preTokenizer = "gpt-2";

        private BpeBuilder() {
        }

        private BpeBuilder(String... mergeRules) {
            for (int b = 0; b < 256; b++) {
                add(String.valueOf(ByteLevelAlphabet.charOf(b)), TokenAttributes.TYPE_NORMAL);
            }
            for (String rule : mergeRules) {
                merges.add(rule);
                String merged = rule.replace(" ", "");
                if (!tokens.contains(merged)) {
                    add(merged, TokenAttributes.TYPE_NORMAL);
                }
            }
        }

        BpeBuilder add(String text, int type) {
            tokens.add(text);
            types.add(type);
            return this;
        }

        /** A copy that names another pre-tokenizer. */
        BpeBuilder preTokenizer(String name) {
            BpeBuilder copy = new BpeBuilder();
            copy.tokens.addAll(tokens);
            copy.types.addAll(types);
            copy.merges.addAll(merges);
            copy.preTokenizer = name;
            return copy;
        }

        int id(String text) {
            return tokens.indexOf(text);
        }

        Vocabulary.Builder vocabulary() {
            return Vocabulary.builder(TokenizerModel.BYTE_LEVEL_BPE, tokens.toArray(String[]::new))
                    .tokenTypes(types.stream().mapToInt(Integer::intValue).toArray())
                    .merges(merges)
                    .preTokenizer(preTokenizer);
        }

        Tokenizer tokenizer() {
            return Tokenizer.of(vocabulary().build());
        }

        Tokenizer tokenizer(UnaryOperator<Vocabulary.Builder> settings) {
            return Tokenizer.of(settings.apply(vocabulary()).build());
        }

        GgufWriter gguf() {
            return GgufWriter.create()
                    .putString(GgufKeys.GENERAL_ARCHITECTURE, "gpt2")
                    .putString(GgufKeys.TOKENIZER_MODEL, "gpt2")
                    .putString(GgufKeys.TOKENIZER_PRE, preTokenizer)
                    .putArray(GgufKeys.TOKENIZER_TOKENS, GgufArray.ofStrings(tokens))
                    .putArray(GgufKeys.TOKENIZER_TOKEN_TYPE,
                            GgufArray.ofInt32(types.stream().mapToInt(Integer::intValue).toArray()))
                    .putArray(GgufKeys.TOKENIZER_MERGES, GgufArray.ofStrings(merges));
        }
    }

    /** The id of a SentencePiece vocabulary's byte token. */
    static int byteToken(int unsignedByte) {
        return FIRST_BYTE_TOKEN + unsignedByte;
    }
}
