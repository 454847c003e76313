package dev.weightgate.engine.vocab;

import java.util.List;
import java.util.Objects;

/**
 * GPT-2 style byte-level BPE as llama.cpp runs it ({@code llm_tokenizer_bpe}): the pre-tokenizer cuts text into
 * words, each word starts as one symbol per UTF-8 byte, and the adjacent pair with the lowest merge rank is merged
 * first (ties: leftmost), through a priority queue, until no rule applies.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {

    private final Vocabulary vocabulary;
    private final SpecialTokenPartition partition;
    private final PreTokenizer preTokenizer;
    private final BpeMerges merges;
    private final PieceTable pieces;
    private final boolean ignoreMerges;

    ByteLevelBpeTokenizer(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        PreTokenizerProfile profile = vocabulary.preTokenizer().orElseThrow(() ->
                new IllegalArgumentException("not a byte-level BPE vocabulary: " + vocabulary));
        this.partition = new SpecialTokenPartition(vocabulary);
        this.preTokenizer = new PreTokenizer(profile.type());
        this.merges = new BpeMerges(vocabulary);
        this.pieces = new PieceTable(vocabulary);
        this.ignoreMerges = profile.ignoreMerges();
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int[] encode(String input, boolean addSpecial, boolean parseSpecial) {
        String text = Utf8.withoutLoneSurrogates(input);
        IntList out = new IntList(text.length() / 3 + 4);
        if (addSpecial && vocabulary.addBos()) {
            out.add(vocabulary.bos());
        }
        Session session = new Session(out);
        for (SpecialTokenPartition.Fragment fragment : partition.split(text, parseSpecial)) {
            if (fragment.isText()) {
                preTokenizer.forEachWord(text.substring(fragment.start(), fragment.end()), session::encodeWord);
            } else {
                out.add(fragment.token());
            }
        }
        if (addSpecial && vocabulary.addEos()) {
            out.add(vocabulary.eos());
        }
        return out.toArray();
    }

    /** The words the pre-tokenizer cuts plain text into (no special-token handling). */
    public List<String> preTokenize(String text) {
        return preTokenizer.split(text);
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
        return "ByteLevelBpeTokenizer[" + vocabulary + "]";
    }

    /** The symbol list and merge queue of one encode call, reused word after word. */
    private final class Session {
        private final IntList out;
        private final MergeQueue queue = new MergeQueue();
        private int[] symbol = new int[64];
        private int[] length = new int[64];
        private int[] prev = new int[64];
        private int[] next = new int[64];

        Session(IntList out) {
            this.out = out;
        }

        void encodeWord(byte[] word, int count) {
            if (count == 0) {
                return;
            }
            if (ignoreMerges) {
                int whole = vocabulary.idOf(ByteLevelAlphabet.encode(word, 0, count));
                if (whole != Vocabulary.NO_TOKEN) {
                    out.add(whole);
                    return;
                }
            }
            ensureCapacity(count);
            for (int i = 0; i < count; i++) {
                symbol[i] = merges.symbolOfByte(word[i] & 0xFF);
                length[i] = 1;
                prev[i] = i - 1;
                next[i] = i + 1 < count ? i + 1 : -1;
            }
            queue.clear();
            for (int i = 1; i < count; i++) {
                tryAddPair(i - 1, i);
            }
            while (!queue.isEmpty()) {
                long entry = queue.pop();
                int left = MergeQueue.left(entry);
                int right = length[left] == 0 ? -1 : next[left];
                long merge = right < 0 ? BpeMerges.ABSENT : merges.merge(symbol[left], symbol[right]);
                if (merge == BpeMerges.ABSENT || BpeMerges.rank(merge) != MergeQueue.priority(entry)) {
                    continue;
                }
                symbol[left] = BpeMerges.result(merge);
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
                emitSymbol(word, i);
            }
        }

        private void tryAddPair(int left, int right) {
            if (left >= 0 && right >= 0) {
                long merge = merges.merge(symbol[left], symbol[right]);
                if (merge != BpeMerges.ABSENT) {
                    queue.push(MergeQueue.entry(BpeMerges.rank(merge), left));
                }
            }
        }

        /**
         * A final symbol that is not a token (possible only with an incomplete vocabulary) is spelled by its bytes
         * as one-character tokens where they exist, the rest dropped, as llama.cpp does.
         */
        private void emitSymbol(byte[] word, int i) {
            if (merges.isToken(symbol[i])) {
                out.add(symbol[i]);
                return;
            }
            for (int b = i; b < i + length[i]; b++) {
                char c = ByteLevelAlphabet.charOf(word[b] & 0xFF);
                int id = c < 0x80 ? vocabulary.idOf(String.valueOf(c)) : Vocabulary.NO_TOKEN;
                if (id != Vocabulary.NO_TOKEN) {
                    out.add(id);
                }
            }
        }

        private void ensureCapacity(int count) {
            if (symbol.length < count) {
                int capacity = Math.max(count, symbol.length * 2);
                symbol = new int[capacity];
                length = new int[capacity];
                prev = new int[capacity];
                next = new int[capacity];
            }
        }
    }
}
