package dev.weightgate.engine.generate;

/** Why a generation ended, with the name OpenAI's API gives it. */
public enum FinishReason {
    /** The model ended its turn (an end-of-generation token) or a stop string appeared. */
    STOP("stop"),
    /** The token limit of the request, or the context, was reached. */
    LENGTH("length");

    private final String openAiName;

    FinishReason(String openAiName) {
        this.openAiName = openAiName;
    }

    /** {@code finish_reason} as OpenAI spells it. */
    public String openAiName() {
        return openAiName;
    }
}
