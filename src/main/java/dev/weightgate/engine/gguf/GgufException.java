package dev.weightgate.engine.gguf;

/**
 * A GGUF file is damaged, unsupported, or lacks what the caller asked for. The message names the problem and the
 * values involved (key, tensor, offset, limit) so it can be shown to an operator as is.
 *
 * <p>Unchecked on purpose: metadata lookups throw it too, and callers of those cannot do more than report it.
 * Failures of the file system itself still surface as {@link java.io.IOException}.
 */
public class GgufException extends RuntimeException {

    public GgufException(String message) {
        super(message);
    }

    public GgufException(String message, Throwable cause) {
        super(message, cause);
    }
}
