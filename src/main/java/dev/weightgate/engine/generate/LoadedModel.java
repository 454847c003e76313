package dev.weightgate.engine.generate;

import dev.weightgate.engine.chat.ChatMessage;
import dev.weightgate.engine.chat.ChatTemplate;
import dev.weightgate.engine.chat.ChatTemplates;
import dev.weightgate.engine.chat.RenderOptions;
import dev.weightgate.engine.chat.ToolSpec;
import dev.weightgate.engine.kernel.ComputePool;
import dev.weightgate.engine.model.Model;
import dev.weightgate.engine.vocab.GgufVocabularyReader;
import dev.weightgate.engine.vocab.Tokenizer;
import dev.weightgate.engine.vocab.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;

/**
 * A model ready to chat: weights, tokenizer, chat template and slots, everything a request needs between messages in
 * and tokens out. Thread-safe; each request gets its own {@link Generation}.
 */
public final class LoadedModel implements AutoCloseable {

    private final Model model;
    private final Tokenizer tokenizer;
    private final ChatTemplates.Selection template;
    private final Slots slots;
    private final BitSet endsTurn = new BitSet();

    private LoadedModel(Model model, Options options) {
        this.model = model;
        this.tokenizer = Tokenizer.of(GgufVocabularyReader.read(model.metadata()));
        this.template = ChatTemplates.forModel(model.metadata());
        int context = Math.min(options.contextLength(), model.hyperparameters().trainedContext());
        this.slots = new Slots(model, options.slots(), context, options.maxQueued());
        Vocabulary vocabulary = tokenizer.vocabulary();
        for (int id : vocabulary.endOfGenerationIds()) {
            endsTurn.set(id);
        }
        // The template's end-of-turn marker stops a turn even where the vocabulary does not flag it.
        for (String text : template.template().endOfTurn()) {
            int id = vocabulary.idOf(text);
            if (id != Vocabulary.NO_TOKEN) {
                endsTurn.set(id);
            }
        }
    }

    /**
     * How a model is served.
     *
     * @param contextLength positions per request (capped at the length the model was trained for)
     * @param slots         requests generated at once
     * @param maxQueued     requests that may wait for a slot
     */
    public record Options(int contextLength, int slots, int maxQueued) {
    }

    /** Loads a GGUF file; its matrix products run on {@code pool}, which the caller keeps and closes. */
    public static LoadedModel open(Path path, ComputePool pool, Options options) throws IOException {
        Model model = Model.open(path, pool);
        try {
            return new LoadedModel(model, options);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public Model model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The chat template in use and how it was chosen (with a warning for the operator when it is a guess). */
    public ChatTemplates.Selection template() {
        return template;
    }

    public Slots slots() {
        return slots;
    }

    /** Positions a request may use, prompt and completion together. */
    public int contextLength() {
        return slots.contextLength();
    }

    /** Whether the chat template can render tools, tool calls and tool results. */
    public boolean supportsTools() {
        return template.template().supportsTools();
    }

    /**
     * The prompt for a conversation: rendered by the chat template, ending with the opening of the assistant's turn,
     * and tokenized with the template's special tokens recognised.
     */
    public int[] prompt(List<ChatMessage> messages, List<ToolSpec> tools, RenderOptions options) {
        ChatTemplate chat = template.template();
        String text = chat.render(messages, true, tools, options);
        return tokenizer.encode(text, !chat.renderedIncludesBos(), true);
    }

    /**
     * Starts generating after {@code prompt}, once a slot is free.
     *
     * @throws PromptTooLongException if the prompt leaves no room for a generated token
     * @throws ModelBusyException     if no slot came free in time or too many requests are waiting
     * @throws InterruptedException   if interrupted while waiting for a slot
     */
    public Generation generate(int[] prompt, GenerationParams params, Duration maxWait) throws InterruptedException {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        if (prompt.length >= contextLength()) {
            throw new PromptTooLongException(prompt.length, contextLength());
        }
        params.sampling().validateFor(model.vocabSize());
        Slots.Slot slot = slots.acquire(prompt, maxWait);
        try {
            return new Generation(slot, tokenizer, prompt, params, endsTurn::get);
        } catch (RuntimeException | Error e) {
            slot.close();
            throw e;
        }
    }

    @Override
    public void close() {
        slots.close();
        model.close();
    }
}
