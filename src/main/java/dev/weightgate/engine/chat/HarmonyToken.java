package dev.weightgate.engine.chat;

import dev.weightgate.engine.vocab.Vocabulary;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The special tokens of {@code o200k_harmony}, gpt-oss's vocabulary ({@code openai/harmony:
 * src/tiktoken_ext/public_encodings.rs}): the named ones, with their ids there, and {@link #o200kHarmonySpecials()
 * the whole special range} including the reserved ids.
 *
 * <p>A GGUF file carries its own token table; {@link #idsIn(Vocabulary)} finds the markers there by text rather than
 * trusting these ids, so a re-numbered vocabulary still parses.
 */
public enum HarmonyToken {

    START_OF_TEXT("<|startoftext|>", 199998),
    END_OF_TEXT("<|endoftext|>", 199999),
    /** Ends the assistant's turn with a final answer; a stop token while sampling. */
    RETURN("<|return|>", 200002),
    /** Precedes the content type of a message ({@code json} for tool arguments). */
    CONSTRAIN("<|constrain|>", 200003),
    /** Precedes the channel name in a header. */
    CHANNEL("<|channel|>", 200005),
    /** Starts a message; the header follows. */
    START("<|start|>", 200006),
    /** Ends a message; the turn goes on (not a stop token). */
    END("<|end|>", 200007),
    /** Separates the header from the content. */
    MESSAGE("<|message|>", 200008),
    /** Ends an assistant message addressed to a tool; a stop token while sampling. */
    CALL("<|call|>", 200012);

    /** The first and last id of o200k_harmony's special range; o200k_base's ordinary ranks end below it. */
    public static final int FIRST_SPECIAL_ID = 199998;
    public static final int LAST_SPECIAL_ID = 201088;

    private final String text;
    private final int o200kHarmonyId;

    HarmonyToken(String text, int o200kHarmonyId) {
        this.text = text;
        this.o200kHarmonyId = o200kHarmonyId;
    }

    public String text() {
        return text;
    }

    /** The id in OpenAI's o200k_harmony. */
    public int o200kHarmonyId() {
        return o200kHarmonyId;
    }

    /** The token with this text, if it is a harmony marker. */
    public static Optional<HarmonyToken> ofText(String text) {
        for (HarmonyToken token : values()) {
            if (token.text.equals(text)) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    /**
     * Every special token of o200k_harmony, id to text, ascending: the named tokens, and {@code <|reserved_N|>} for
     * each other id of 199998..201088.
     */
    public static Map<Integer, String> o200kHarmonySpecials() {
        Map<Integer, String> specials = new TreeMap<>();
        for (int id = FIRST_SPECIAL_ID; id <= LAST_SPECIAL_ID; id++) {
            specials.put(id, "<|reserved_" + id + "|>");
        }
        for (HarmonyToken token : values()) {
            specials.put(token.o200kHarmonyId, token.text);
        }
        return Collections.unmodifiableMap(specials);
    }

    /**
     * The ids of the markers in a vocabulary, found by text.
     *
     * @throws IllegalArgumentException if a marker the format needs ({@code <|start|>}, {@code <|end|>}, {@code
     *                                  <|message|>}, {@code <|channel|>}, {@code <|return|>}, {@code <|call|>}) is
     *                                  not a token of it
     */
    public static Map<HarmonyToken, Integer> idsIn(Vocabulary vocabulary) {
        Map<HarmonyToken, Integer> ids = new EnumMap<>(HarmonyToken.class);
        for (HarmonyToken token : values()) {
            int id = vocabulary.idOf(token.text);
            if (id != Vocabulary.NO_TOKEN) {
                ids.put(token, id);
            } else if (token != START_OF_TEXT && token != END_OF_TEXT && token != CONSTRAIN) {
                throw new IllegalArgumentException("the vocabulary has no " + token.text
                        + " token: it cannot speak the harmony format");
            }
        }
        return Collections.unmodifiableMap(ids);
    }
}
