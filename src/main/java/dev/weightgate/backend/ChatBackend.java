package dev.weightgate.backend;

import java.util.Set;

/**
 * Something that generates chat completions for one model.
 *
 * <p>Our own thin interface rather than Spring AI's {@code ChatModel}: a gateway has to pass OpenAI's fields through
 * with full fidelity ({@code n}, {@code logprobs}, {@code tool_calls}, unknown upstream fields, the exact usage
 * chunk), which the portable {@code Prompt}/{@code ChatResponse} model does not keep. Remote backends are still built
 * on Spring AI's OpenAI support.
 */
public interface ChatBackend {

    /** Generates a whole completion. Throws {@link BackendException} when the model cannot answer. */
    ChatResult complete(ChatRequest request);

    /**
     * Starts a streamed completion. Failures before the first chunk throw {@link BackendException} from here or from
     * the first {@link ChatStream#next()}; later failures throw it from {@code next()}.
     */
    ChatStream stream(ChatRequest request);

    /** Checks, quickly, whether the backend can serve now; for health reporting, never on the request path. */
    Reachability probe();

    /** Request parameters this backend cannot honour; a request using one is refused with a 400 naming it. */
    default Set<String> unsupportedParameters() {
        return Set.of();
    }
}
