package dev.weightgate.engine.generate;

import java.util.List;

/**
 * What one step of a {@link Generation} produced: text that may be shown, the tokens sampled since the previous
 * step, and, on the last step, why it ended.
 *
 * @param text   whole characters, never part of a stop string; may be empty
 * @param tokens the tokens sampled since the previous output (their text can lag behind, held for stop strings or
 *               an unfinished character)
 * @param finish set on the last output only
 * @param endToken the end-of-turn token that ended the generation (not among {@code tokens}; chat formats such as
 *                 harmony read it: {@code <|call|>} and {@code <|return|>} end a turn differently), or -1
 */
public record Output(String text, List<GeneratedToken> tokens, FinishReason finish, int endToken) {

    public Output {
        tokens = List.copyOf(tokens);
    }

    public Output(String text, List<GeneratedToken> tokens, FinishReason finish) {
        this(text, tokens, finish, -1);
    }

    public boolean isLast() {
        return finish != null;
    }
}
