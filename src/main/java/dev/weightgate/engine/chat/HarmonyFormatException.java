package dev.weightgate.engine.chat;

/**
 * The model's output breaks the harmony format: an unknown channel, a header without {@code <|message|>}, text
 * outside any message, tool arguments that are not JSON, a call to an undeclared function. The completion cannot be
 * turned into an API response; nothing of the broken message has been passed on.
 */
public class HarmonyFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HarmonyFormatException(String message) {
        super(message);
    }
}
