package dev.weightgate.backend;

import java.util.Optional;

/**
 * A completion arriving chunk by chunk. Pull with {@link #next()} until it answers empty; {@link #close()} at any
 * point releases the backend's resources (an upstream connection, an engine slot), which is how a client that went
 * away cancels generation.
 */
public interface ChatStream extends AutoCloseable {

    /** The next chunk, blocking until it arrives; empty once the stream has ended normally. */
    Optional<ChatChunk> next();

    @Override
    void close();
}
