package dev.weightgate.engine.chat;

/**
 * Tools, tool calls or tool results were given to a template that cannot render them (as its family's real template
 * has no tool syntax, or the native renderer does not implement it). The API layer reports it as a 400.
 */
public class ToolsNotSupportedException extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    public ToolsNotSupportedException(String message) {
        super(message);
    }
}
