package dev.weightgate.engine.vocab;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts text into special tokens and the plain text between them before the model tokenizer runs, as llama.cpp's
 * {@code tokenizer_st_partition}: special tokens are taken longest first, each one split out of every remaining
 * text fragment at all its occurrences. Control and unknown tokens are recognised only when special-token parsing
 * is asked for; user-defined tokens always are.
 *
 * <p>Most texts contain none of the special tokens, so one scan with a trie first finds which tokens occur at
 * all; only those are then split out, in llama.cpp's order.
 */
final class SpecialTokenPartition {

    /** A run of plain text {@code [start, end)} of the input, or one special token. */
    record Fragment(int token, int start, int end) {
        static Fragment text(int start, int end) {
            return new Fragment(Vocabulary.NO_TOKEN, start, end);
        }

        boolean isText() {
            return token == Vocabulary.NO_TOKEN;
        }
    }

    private static final int PARSED_ONLY_ON_REQUEST = TokenAttributes.CONTROL | TokenAttributes.UNKNOWN;

    private final Vocabulary vocabulary;
    private final int[] longestFirst;
    private final TrieNode root = new TrieNode();

    SpecialTokenPartition(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.longestFirst = vocabulary.specialTokensLongestFirst();
        for (int id : longestFirst) {
            TrieNode node = root;
            for (char c : vocabulary.text(id).toCharArray()) {
                node = node.children.computeIfAbsent(c, key -> new TrieNode());
            }
            node.tokens.add(id);
        }
    }

    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(Fragment.text(0, text.length()));
        BitSet present = occurringTokens(text);
        if (present.isEmpty()) {
            return fragments;
        }
        for (int id : longestFirst) {
            if (!present.get(id) || (!parseSpecial && (vocabulary.attributes(id) & PARSED_ONLY_ON_REQUEST) != 0)) {
                continue;
            }
            fragments = splitOut(text, fragments, id);
        }
        return fragments;
    }

    private List<Fragment> splitOut(String text, List<Fragment> fragments, int id) {
        String token = vocabulary.text(id);
        int attributes = vocabulary.attributes(id);
        boolean stripLeft = TokenAttributes.has(attributes, TokenAttributes.LSTRIP);
        boolean stripRight = TokenAttributes.has(attributes, TokenAttributes.RSTRIP);
        List<Fragment> out = new ArrayList<>(fragments.size() + 4);
        for (Fragment fragment : fragments) {
            if (!fragment.isText()) {
                out.add(fragment);
                continue;
            }
            int start = fragment.start();
            int end = fragment.end();
            int match;
            while (start < end && (match = text.indexOf(token, start, end)) >= 0) {
                int leftEnd = match;
                while (stripLeft && leftEnd > start && isSpace(text.charAt(leftEnd - 1))) {
                    leftEnd--;
                }
                if (leftEnd > start) {
                    out.add(Fragment.text(start, leftEnd));
                }
                out.add(new Fragment(id, match, match + token.length()));
                start = match + token.length();
                while (stripRight && start < end && isSpace(text.charAt(start))) {
                    start++;
                }
            }
            if (start < end) {
                out.add(Fragment.text(start, end));
            }
        }
        return out;
    }

    /** Ids of the special tokens that occur anywhere in the text. */
    private BitSet occurringTokens(String text) {
        BitSet present = new BitSet();
        for (int i = 0; i < text.length(); i++) {
            TrieNode node = root;
            for (int j = i; j < text.length(); j++) {
                node = node.children.get(text.charAt(j));
                if (node == null) {
                    break;
                }
                for (int id : node.tokens) {
                    present.set(id);
                }
            }
        }
        return present;
    }

    /** C's {@code isspace} in the "C" locale, which llama.cpp uses for stripping. */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static final class TrieNode {
        final Map<Character, TrieNode> children = new HashMap<>();
        final List<Integer> tokens = new ArrayList<>(1);
    }
}
