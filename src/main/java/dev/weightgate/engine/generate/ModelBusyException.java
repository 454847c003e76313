package dev.weightgate.engine.generate;

/** Every slot of a model is taken and its queue is full, or a request waited too long in the queue. */
public final class ModelBusyException extends RuntimeException {

    public ModelBusyException(String message) {
        super(message);
    }
}
