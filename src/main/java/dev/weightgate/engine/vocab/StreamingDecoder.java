package dev.weightgate.engine.vocab;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the tokens of one generation stream into text as they arrive. A token can end in the middle of a UTF-8
 * character (byte-fallback tokens, byte-level BPE pieces of an emoji); such bytes are held until the character is
 * complete, so every returned string is whole characters. Call {@link #flush()} at the end of the stream.
 *
 * <p>One instance per stream, used by one thread at a time: the held bytes are this object's state, never the
 * tokenizer's.
 */
public final class StreamingDecoder {

    private final PieceTable pieces;
    private final boolean renderSpecial;
    private byte[] pending = new byte[16];
    private int pendingLength;

    StreamingDecoder(PieceTable pieces, boolean renderSpecial) {
        this.pieces = pieces;
        this.renderSpecial = renderSpecial;
    }

    /** Adds one token and answers the text it completes (possibly empty). */
    public String next(int tokenId) {
        byte[] piece = pieces.piece(tokenId, renderSpecial);
        if (pendingLength + piece.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + piece.length));
        }
        System.arraycopy(piece, 0, pending, pendingLength, piece.length);
        pendingLength += piece.length;
        int complete = Utf8.completePrefixLength(pending, pendingLength);
        return take(complete);
    }

    /** Answers everything still held; bytes that never formed a character become U+FFFD. */
    public String flush() {
        return take(pendingLength);
    }

    /** Whether bytes of an unfinished character are being held. */
    public boolean hasPendingBytes() {
        return pendingLength > 0;
    }

    private String take(int length) {
        if (length == 0) {
            return "";
        }
        String text = new String(pending, 0, length, StandardCharsets.UTF_8);
        System.arraycopy(pending, length, pending, 0, pendingLength - length);
        pendingLength -= length;
        return text;
    }
}
