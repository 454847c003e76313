package dev.weightgate.engine.vocab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A tiktoken BPE file ({@code *.tiktoken}): one line per mergeable token, its bytes in base64 and its rank. The
 * rank is the token's id and its merge priority at once.
 */
public final class TiktokenRanks {

    private TiktokenRanks() {
    }

    /**
     * The token bytes indexed by rank.
     *
     * @throws IllegalArgumentException if a line is malformed or the ranks are not exactly 0..n-1, which the
     *                                  conversion to a GGUF token table (id = rank) relies on
     */
    public static byte[][] read(InputStream in) throws IOException {
        List<byte[]> byRank = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException("line " + lineNumber + " is not '<base64> <rank>'");
            }
            int rank = Integer.parseInt(line.substring(space + 1).trim());
            while (byRank.size() <= rank) {
                byRank.add(null);
            }
            if (byRank.get(rank) != null) {
                throw new IllegalArgumentException("rank " + rank + " appears twice (line " + lineNumber + ")");
            }
            byRank.set(rank, Base64.getDecoder().decode(line.substring(0, space)));
        }
        for (int rank = 0; rank < byRank.size(); rank++) {
            if (byRank.get(rank) == null) {
                throw new IllegalArgumentException("no token has rank " + rank);
            }
        }
        return byRank.toArray(byte[][]::new);
    }
}
