package dev.weightgate.engine.vocab;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * SentencePiece BPE as llama.cpp runs it ({@code llm_tokenizer_spm}): spaces become U+2581, text starts as one
 * symbol per character, and the adjacent pair whose concatenation is the highest-scoring token is merged first
 * (ties: leftmost), through a priority queue. Symbols that end up as no token are spelled with byte tokens
 * {@code <0xXX>}.
 */
public final class SentencePieceTokenizer implements Tokenizer {

    private static final char SPACE_MARK = '\u2581';
    /** No token has this priority: it stands for the float bits 0x7FFFFFFF, which floatToIntBits never returns. */
    private static final int NO_MERGE = Integer.MIN_VALUE;

    private final Vocabulary vocabulary;
    private final SpecialTokenPartition partition;
    private final PieceTable pieces;
    private final TokenIndex tokens;
    /** Merge priority per token: higher scores give smaller values, which the queue pops first. */
    private final int[] priorities;
    private final int[] byteTokens = new int[256];
    /**
     * True when no token has U+2581 right after another character: then no token can span the start of a word
     * (U+2581 after a non-U+2581), so words can be merged one at a time, with the same result as merging the
     * whole text in one queue but with small queues.
     */
    private final boolean wordStartsAreBoundaries;

    SentencePieceTokenizer(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        if (vocabulary.model() != TokenizerModel.SENTENCE_PIECE) {
            throw new IllegalArgumentException("not a SentencePiece vocabulary: " + vocabulary);
        }
        this.partition = new SpecialTokenPartition(vocabulary);
        this.pieces = new PieceTable(vocabulary);
        this.tokens = new TokenIndex(vocabulary);
        this.priorities = new int[vocabulary.size()];
        for (int id = 0; id < priorities.length; id++) {
            // -0.0 and 0.0 compare equal in llama.cpp; their bits would not.
            float score = vocabulary.score(id);
            priorities[id] = ~sortableBits(score == 0 ? 0f : score);
        }
        this.wordStartsAreBoundaries = noTokenJoinsAWordStart(vocabulary);
        for (int b = 0; b < 256; b++) {
            int id = vocabulary.idOf(String.format("<0x%02X>", b));
            if (id == Vocabulary.NO_TOKEN && b < 0x80) {
                id = vocabulary.idOf(String.valueOf((char) b));
            }
            byteTokens[b] = id;
        }
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int[] encode(String input, boolean addSpecial, boolean parseSpecial) {
        String text = Utf8.withoutLoneSurrogates(input);
        IntList out = new IntList(text.length() / 2 + 4);
        boolean afterSpecial = true;
        if (addSpecial && vocabulary.addBos()) {
            out.add(vocabulary.bos());
        }
        Session session = new Session();
        for (SpecialTokenPartition.Fragment fragment : partition.split(text, parseSpecial)) {
            if (fragment.isText()) {
                String raw = text.substring(fragment.start(), fragment.end());
                String prefixed = vocabulary.addSpacePrefix() && afterSpecial ? " " + raw : raw;
                session.encode(prefixed.replace(' ', SPACE_MARK), out);
                afterSpecial = false;
            } else {
                out.add(fragment.token());
                afterSpecial = true;
            }
        }
        if (addSpecial && vocabulary.addEos()) {
            out.add(vocabulary.eos());
        }
        return out.toArray();
    }

    @Override
    public byte[] piece(int id, boolean renderSpecial) {
        return pieces.piece(id, renderSpecial).clone();
    }

    @Override
    public String decode(int[] ids, boolean removeSpecial, boolean renderSpecial) {
        return pieces.decode(ids, removeSpecial, renderSpecial);
    }

    @Override
    public StreamingDecoder streamingDecoder(boolean renderSpecial) {
        return new StreamingDecoder(pieces, renderSpecial);
    }

    @Override
    public String toString() {
        return "SentencePieceTokenizer[" + vocabulary + "]";
    }

    /** The symbol list and merge queue of one encode call. */
    private final class Session {
        private final MergeQueue queue = new MergeQueue();
        private int[] start = new int[0];
        private int[] length = new int[0];
        private int[] prev = new int[0];
        private int[] next = new int[0];
        private char[] text;

        void encode(String escaped, IntList out) {
            text = escaped.toCharArray();
            if (!wordStartsAreBoundaries) {
                encodeSegment(0, text.length, out);
                return;
            }
            int segmentStart = 0;
            for (int i = 1; i < text.length; i++) {
                if (text[i] == SPACE_MARK && text[i - 1] != SPACE_MARK) {
                    encodeSegment(segmentStart, i, out);
                    segmentStart = i;
                }
            }
            encodeSegment(segmentStart, text.length, out);
        }

        /** Runs the merges on {@code text[from, to)}, which no token can extend beyond. */
        private void encodeSegment(int from, int to, IntList out) {
            int count = Character.codePointCount(text, from, to - from);
            if (count == 0) {
                return;
            }
            ensureCapacity(count);
            for (int i = 0, position = from; i < count; i++) {
                int charCount = Character.isHighSurrogate(text[position]) && position + 1 < to
                        && Character.isLowSurrogate(text[position + 1]) ? 2 : 1;
                start[i] = position;
                length[i] = charCount;
                prev[i] = i - 1;
                next[i] = i + 1 < count ? i + 1 : -1;
                position += charCount;
            }
            queue.clear();
            for (int i = 1; i < count; i++) {
                tryAddPair(i - 1, i);
            }
            while (!queue.isEmpty()) {
                long entry = queue.pop();
                int left = MergeQueue.left(entry);
                int right = length[left] == 0 ? -1 : next[left];
                if (right < 0 || pairPriority(left, right) != MergeQueue.priority(entry)) {
                    continue;
                }
                length[left] += length[right];
                length[right] = 0;
                next[left] = next[right];
                if (next[right] >= 0) {
                    prev[next[right]] = left;
                }
                tryAddPair(prev[left], left);
                tryAddPair(left, next[left]);
            }
            for (int i = 0; i != -1; i = next[i]) {
                emitSymbol(i, out);
            }
        }

        private void tryAddPair(int left, int right) {
            if (left >= 0 && right >= 0) {
                int priority = pairPriority(left, right);
                if (priority != NO_MERGE) {
                    queue.push(MergeQueue.entry(priority, left));
                }
            }
        }

        /** The queue priority of merging two adjacent symbols, or {@link #NO_MERGE} when they form no token. */
        private int pairPriority(int left, int right) {
            int id = tokens.find(text, start[left], start[right] + length[right]);
            return id == Vocabulary.NO_TOKEN ? NO_MERGE : priorities[id];
        }

        /**
         * A final symbol is a token, or is spelled in byte tokens. (llama.cpp also remembers how merged symbols
         * were built, but only symbols that are tokens are ever built, so that path is never taken.)
         */
        private void emitSymbol(int i, IntList out) {
            int id = tokens.find(text, start[i], start[i] + length[i]);
            if (id != Vocabulary.NO_TOKEN) {
                out.add(id);
                return;
            }
            for (byte b : new String(text, start[i], length[i]).getBytes(StandardCharsets.UTF_8)) {
                out.add(byteToken(b & 0xFF));
            }
        }

        private void ensureCapacity(int count) {
            if (start.length < count) {
                start = new int[count];
                length = new int[count];
                prev = new int[count];
                next = new int[count];
            }
        }
    }

    /**
     * The byte token for one byte. llama.cpp aborts when the vocabulary has none; here the unknown token stands in
     * when there is one.
     */
    private int byteToken(int unsignedByte) {
        int id = byteTokens[unsignedByte];
        if (id != Vocabulary.NO_TOKEN) {
            return id;
        }
        if (vocabulary.unk() != Vocabulary.NO_TOKEN) {
            return vocabulary.unk();
        }
        throw new IllegalArgumentException(String.format(
                "text needs the byte token <0x%02X>, which this vocabulary lacks, and it has no unknown token",
                unsignedByte));
    }

    private static boolean noTokenJoinsAWordStart(Vocabulary vocabulary) {
        for (int id = 0; id < vocabulary.size(); id++) {
            String text = vocabulary.text(id);
            for (int i = text.indexOf(SPACE_MARK, 1); i > 0; i = text.indexOf(SPACE_MARK, i + 1)) {
                if (text.charAt(i - 1) != SPACE_MARK) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The float's bits as an int that orders like the float (for non-NaN values). */
    private static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value);
        return bits >= 0 ? bits : bits ^ 0x7FFF_FFFF;
    }
}
