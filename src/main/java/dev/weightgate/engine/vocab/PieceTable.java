package dev.weightgate.engine.vocab;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes each token stands for, precomputed as llama.cpp's {@code cache_token_to_piece} is, and the decoding of
 * whole id sequences ({@code token_to_piece} and {@code detokenize} in {@code llama-vocab.cpp}).
 */
final class PieceTable {

    private static final int HIDDEN_UNLESS_SPECIAL = TokenAttributes.UNKNOWN | TokenAttributes.CONTROL;

    private final Vocabulary vocabulary;
    private final byte[][] pieces;

    PieceTable(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.pieces = new byte[vocabulary.size()][];
        for (int id = 0; id < pieces.length; id++) {
            pieces[id] = render(vocabulary, id);
        }
    }

    /** The token's bytes; control and unknown tokens are empty unless {@code renderSpecial}. Do not modify. */
    byte[] piece(int id, boolean renderSpecial) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + pieces.length
                    + " tokens");
        }
        if (!renderSpecial && (vocabulary.attributes(id) & HIDDEN_UNLESS_SPECIAL) != 0) {
            return new byte[0];
        }
        return pieces[id];
    }

    /**
     * Decodes a sequence as llama.cpp's {@code detokenize}: optionally drops a leading BOS and trailing EOS, strips
     * the space SentencePiece put before the first word, and applies the vocabulary's space clean-up.
     */
    String decode(int[] ids, boolean removeSpecial, boolean renderSpecial) {
        int from = 0;
        int to = ids.length;
        boolean removeSpace = vocabulary.addSpacePrefix();
        if (removeSpecial && vocabulary.addBos() && to > 0 && ids[0] == vocabulary.bos()) {
            removeSpace = false;
            from++;
        }
        if (removeSpecial && vocabulary.addEos() && to > from && ids[to - 1] == vocabulary.eos()) {
            to--;
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream(Math.max(16, (to - from) * 4));
        for (int i = from; i < to; i++) {
            byte[] piece = piece(ids[i], renderSpecial);
            int skip = removeSpace && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
            text.write(piece, skip, piece.length - skip);
            removeSpace = false;
        }
        byte[] bytes = text.toByteArray();
        int length = vocabulary.cleanSpaces() ? cleanSpaces(bytes) : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * llama.cpp's {@code clean_up_tokenization_spaces}, three passes in place: drop the space before
     * {@code ? ! . ,}; turn {@code " ' "} into {@code "'"}; drop the space before {@code 's 'm 're 've}.
     * Answers the new length.
     */
    static int cleanSpaces(byte[] text) {
        int total = text.length;

        int length = total;
        total = length > 0 ? 1 : 0;
        for (int i = 1; i < length; i++) {
            byte x = text[i];
            if (text[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) {
                total--;
            }
            text[total++] = x;
        }

        length = total;
        total = length > 0 ? 1 : 0;
        for (int i = 1; i < length; i++) {
            byte x = text[i];
            if (x == '\'' && i + 1 < length && text[i - 1] == ' ' && text[i + 1] == ' ') {
                total--;
                text[++i] = 0;
            }
            text[total++] = x;
        }

        length = total;
        total = length > 0 ? 1 : 0;
        for (int i = 1; i < length; i++) {
            byte x = text[i];
            if (text[i - 1] == ' ' && x == '\'' && i + 1 < length) {
                byte x1 = text[i + 1];
                if (x1 == 's' || x1 == 'm') {
                    total--;
                } else if (i + 2 < length) {
                    byte x2 = text[i + 2];
                    if ((x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e')) {
                        total--;
                    }
                }
            }
            text[total++] = x;
        }
        return total;
    }

    private static byte[] render(Vocabulary vocabulary, int id) {
        int attributes = vocabulary.attributes(id);
        String text = vocabulary.text(id);
        if ((attributes & (HIDDEN_UNLESS_SPECIAL | TokenAttributes.USER_DEFINED)) != 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if ((attributes & TokenAttributes.NORMAL) != 0) {
            return vocabulary.model() == TokenizerModel.SENTENCE_PIECE
                    ? text.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8)
                    : byteLevelDecode(text);
        }
        if ((attributes & TokenAttributes.BYTE) != 0) {
            return new byte[] {(byte) byteTokenValue(text)};
        }
        // Unused and undefined tokens render as nothing.
        return new byte[0];
    }

    /** The byte of a {@code <0xXX>} token, read like llama.cpp's {@code strtol(text.substr(3, 2), 16)}. */
    static int byteTokenValue(String text) {
        int value = 0;
        for (int i = 3; i < Math.min(5, text.length()); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                break;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** Maps each character back to the byte it spells; a character outside the alphabet is shown, not dropped. */
    private static byte[] byteLevelDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        text.codePoints().forEach(cp -> {
            int b = ByteLevelAlphabet.byteOf(cp);
            if (b >= 0) {
                out.write(b);
            } else {
                StringBuilder unknown = new StringBuilder("[UNK_BYTE_0x");
                for (byte utf8 : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    unknown.append(String.format("%02x", utf8 & 0xFF));
                }
                unknown.append(text).append(']');
                out.writeBytes(unknown.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }
}
