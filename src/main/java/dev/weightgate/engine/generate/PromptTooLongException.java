package dev.weightgate.engine.generate;

/** The prompt leaves no room in the context for a single generated token. */
public final class PromptTooLongException extends RuntimeException {

    private final int promptTokens;
    private final int contextLength;

    public PromptTooLongException(int promptTokens, int contextLength) {
        super("This model's maximum context length is " + contextLength + " tokens. However, your messages "
                + "resulted in " + promptTokens + " tokens. Please reduce the length of the messages.");
        this.promptTokens = promptTokens;
        this.contextLength = contextLength;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int contextLength() {
        return contextLength;
    }
}
