package dev.weightgate.engine.chat;

/**
 * The conversation cannot be rendered by this model's template: the template itself refuses it (its {@code
 * raise_exception}, for instance "Conversation roles must alternate user/assistant/user/assistant/..."), or the
 * request uses something the template has no way to express. The API layer reports it as a 400.
 */
public class ChatTemplateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ChatTemplateException(String message) {
        super(message);
    }
}
