package dev.weightgate.engine.chat;

/**
 * Per-request values some templates read besides the messages (extra Jinja variables in Hugging Face's and
 * llama.cpp's {@code apply_chat_template}).
 *
 * @param dateString      Llama 3.1/3.2's {@code date_string} ("Today Date: ..."), e.g. {@code "26 Jul 2024"}; for
 *                        harmony (gpt-oss) the "Current date:" value, {@code "2025-03-05"}. Null leaves the
 *                        template's default: the fixed 26 Jul 2024 for Llama 3.1/3.3, today's date for Llama 3.2 and
 *                        harmony
 * @param enableThinking  Qwen3's {@code enable_thinking}; {@code false} adds an empty think block after the
 *                        generation prompt, null or true leave it to the model
 * @param reasoningEffort harmony's {@code Reasoning:} line, {@code low}, {@code medium} or {@code high} (OpenAI's
 *                        {@code reasoning_effort}); null for the template's default, {@code medium}
 */
public record RenderOptions(String dateString, Boolean enableThinking, String reasoningEffort) {

    public static final RenderOptions DEFAULT = new RenderOptions(null, null, null);

    public RenderOptions(String dateString, Boolean enableThinking) {
        this(dateString, enableThinking, null);
    }

    public RenderOptions withDateString(String date) {
        return new RenderOptions(date, enableThinking, reasoningEffort);
    }

    public RenderOptions withEnableThinking(Boolean enable) {
        return new RenderOptions(dateString, enable, reasoningEffort);
    }

    public RenderOptions withReasoningEffort(String effort) {
        return new RenderOptions(dateString, enableThinking, effort);
    }
}
