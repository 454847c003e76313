package dev.weightgate.engine.vocab;

import dev.weightgate.engine.gguf.GgufFile;

/**
 * Text to token ids and back, as llama.cpp tokenizes ({@code llama_tokenize}, {@code llama_token_to_piece},
 * {@code llama_detokenize}).
 *
 * <p>Implementations are immutable and safe to share between threads; per-call state lives on the stack, and
 * streaming decode state in a {@link StreamingDecoder} per stream.
 */
public sealed interface Tokenizer permits SentencePieceTokenizer, ByteLevelBpeTokenizer {

    /** The tokenizer for a vocabulary's model. */
    static Tokenizer of(Vocabulary vocabulary) {
        return switch (vocabulary.model()) {
            case SENTENCE_PIECE -> new SentencePieceTokenizer(vocabulary);
            case BYTE_LEVEL_BPE -> new ByteLevelBpeTokenizer(vocabulary);
        };
    }

    /** The tokenizer described by a GGUF file's {@code tokenizer.*} keys. */
    static Tokenizer fromGguf(GgufFile file) {
        return of(GgufVocabularyReader.read(file.metadata()));
    }

    Vocabulary vocabulary();

    /**
     * Encodes text. Unpaired surrogates, which have no UTF-8 form, are read as U+FFFD.
     *
     * @param addSpecial   add BOS and/or EOS as the vocabulary's flags say
     * @param parseSpecial recognise the text of control tokens (such as {@code <|im_start|>}) as those tokens;
     *                     otherwise it is tokenized as plain text. User-defined tokens are recognised either way.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /** The bytes a token stands for; control and unknown tokens give nothing unless {@code renderSpecial}. */
    byte[] piece(int id, boolean renderSpecial);

    /** Decodes ids to text, control tokens hidden, nothing removed. */
    default String decode(int[] ids) {
        return decode(ids, false, false);
    }

    /**
     * Decodes ids to text.
     *
     * @param removeSpecial drop a leading BOS and a trailing EOS when the vocabulary adds them
     * @param renderSpecial show the text of control tokens instead of hiding them
     */
    String decode(int[] ids, boolean removeSpecial, boolean renderSpecial);

    /** A decoder for one stream of tokens, which emits only whole characters. */
    StreamingDecoder streamingDecoder(boolean renderSpecial);
}
