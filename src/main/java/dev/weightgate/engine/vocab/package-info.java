/**
 * Tokenizers as llama.cpp implements them, in pure Java: a {@link dev.weightgate.engine.vocab.Vocabulary} read from
 * a GGUF file's {@code tokenizer.*} keys ({@link dev.weightgate.engine.vocab.GgufVocabularyReader}), and a
 * {@link dev.weightgate.engine.vocab.Tokenizer} for it: SentencePiece BPE or byte-level BPE with one pre-tokenizer
 * per {@code tokenizer.ggml.pre}. Tokenizers are immutable and shared; a
 * {@link dev.weightgate.engine.vocab.StreamingDecoder} holds the state of one output stream.
 */
package dev.weightgate.engine.vocab;
