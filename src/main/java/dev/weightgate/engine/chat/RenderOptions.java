package dev.weightgate.engine.chat;

/**
 * Per-request values some templates read besides the messages (extra Jinja variables in Hugging Face's and
 * llama.cpp's {@code apply_chat_template}).
 *
 * @param dateString     Llama 3.1/3.2's {@code date_string} ("Today Date: ..."), e.g. {@code "26 Jul 2024"}; null
 *                       leaves the template's default: the fixed 26 Jul 2024 for Llama 3.1/3.3, today's date for
 *                       Llama 3.2 (its {@code strftime_now})
 * @param enableThinking Qwen3's {@code enable_thinking}; {@code false} adds an empty think block after the
 *                       generation prompt, null or true leave it to the model
 */
public record RenderOptions(String dateString, Boolean enableThinking) {

    public static final RenderOptions DEFAULT = new RenderOptions(null, null);

    public RenderOptions withDateString(String date) {
        return new RenderOptions(date, enableThinking);
    }

    public RenderOptions withEnableThinking(Boolean enable) {
        return new RenderOptions(dateString, enable);
    }
}
