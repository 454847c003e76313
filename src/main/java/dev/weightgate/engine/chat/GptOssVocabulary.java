package dev.weightgate.engine.chat;

import com.knuddels.jtokkit.Encodings;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import dev.weightgate.engine.vocab.TiktokenGgufVocabulary;
import dev.weightgate.engine.vocab.TiktokenRanks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * gpt-oss's vocabulary as llama.cpp's converter writes it into gpt-oss-20b/120b GGUF files, built from o200k_base's
 * ranks (the tiktoken file in the JTokkit jar) so that random-weight gpt-oss models need no downloaded vocabulary.
 *
 * <p>The converter reads the Hugging Face tokenizer, not harmony's tiktoken encoding: its added tokens are
 * 199998..200018 (harmony's markers, {@code <|reserved_N|>} fillers and tiktoken's {@code <|endofprompt|>} at
 * 200018), and {@code config.json}'s {@code vocab_size} of 201,088 pads the rest with {@code [PAD<id>]}. The keys
 * are those of a released file: {@code gpt2}, pre-tokenizer {@code gpt-4o}, bos {@code <|startoftext|>}, eos
 * {@code <|return|>}, padding {@code <|endoftext|>} (from {@code tokenizer_config.json}), no {@code add_bos_token},
 * and the model's chat template.
 */
public final class GptOssVocabulary {

    /** Rows of gpt-oss's embedding and LM head ({@code vocab_size} in its {@code config.json}). */
    public static final int VOCAB_SIZE = 201_088;

    /** The last id of the Hugging Face tokenizer's added tokens. */
    static final int LAST_ADDED_ID = 200_018;

    static final String END_OF_PROMPT = "<|endofprompt|>";

    private static final String RANKS_RESOURCE = "/com/knuddels/jtokkit/o200k_base.tiktoken";
    private static final String TEMPLATE_RESOURCE = "templates/gpt-oss.jinja";

    private GptOssVocabulary() {
    }

    /** Every {@code tokenizer.*} key of a gpt-oss GGUF file. Takes a few seconds: build it once. */
    public static GgufMetadata metadata() {
        return TiktokenGgufVocabulary.metadata(o200kBaseRanks(), addedTokens(), VOCAB_SIZE, "gpt-4o")
                .putUint32(GgufKeys.TOKENIZER_BOS_ID, HarmonyToken.START_OF_TEXT.o200kHarmonyId())
                .putUint32(GgufKeys.TOKENIZER_EOS_ID, HarmonyToken.RETURN.o200kHarmonyId())
                .putUint32(GgufKeys.TOKENIZER_PAD_ID, HarmonyToken.END_OF_TEXT.o200kHarmonyId())
                .putString(GgufKeys.TOKENIZER_CHAT_TEMPLATE, chatTemplate())
                .build();
    }

    /** The added tokens of gpt-oss's Hugging Face tokenizer, id to text, ascending. */
    public static Map<Integer, String> addedTokens() {
        Map<Integer, String> added = new TreeMap<>();
        for (int id = HarmonyToken.FIRST_SPECIAL_ID; id < LAST_ADDED_ID; id++) {
            added.put(id, "<|reserved_" + id + "|>");
        }
        for (HarmonyToken token : HarmonyToken.values()) {
            added.put(token.o200kHarmonyId(), token.text());
        }
        added.put(LAST_ADDED_ID, END_OF_PROMPT);
        return Collections.unmodifiableMap(added);
    }

    /** o200k_base's 199,998 mergeable tokens, indexed by rank. */
    public static byte[][] o200kBaseRanks() {
        try (InputStream in = Encodings.class.getResourceAsStream(RANKS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RANKS_RESOURCE + " is missing from the JTokkit jar");
            }
            return TiktokenRanks.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gpt-oss's {@code chat_template}, verbatim from its {@code tokenizer_config.json}. */
    public static String chatTemplate() {
        try (InputStream in = GptOssVocabulary.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
