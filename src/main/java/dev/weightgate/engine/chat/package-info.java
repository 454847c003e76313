/**
 * Chat templates, rendered natively (no Jinja engine): {@link dev.weightgate.engine.chat.ChatTemplates#forModel}
 * recognises a GGUF file's {@code tokenizer.chat_template} by llama.cpp's markers and returns a {@link
 * dev.weightgate.engine.chat.ChatTemplate} that reproduces the real template's output byte for byte for the
 * supported families ({@link dev.weightgate.engine.chat.ChatFamily}): Llama 3, 3.1/3.3, 3.2 and 2, Mistral
 * v0.1/v1/v3/v3-tekken/v7, ChatML, Qwen2, Qwen2.5, Qwen3, SmolLM2, and gpt-oss's harmony (which follows OpenAI's
 * harmony guide where its Jinja template departs from it); with a ChatML fallback and a warning otherwise.
 * Renderers are immutable and shared between requests.
 *
 * <p>For harmony the completion is read back by a {@link dev.weightgate.engine.chat.HarmonyParser} per stream,
 * which splits it into reasoning, content and tool calls ({@link dev.weightgate.engine.chat.HarmonyDelta}); {@link
 * dev.weightgate.engine.chat.HarmonyToken} holds the o200k_harmony special tokens.
 */
package dev.weightgate.engine.chat;
