package dev.accel.tokenizers;

import java.util.List;
import java.util.Map;

/**
 * The WordPiece model: greedy longest-match-first over a vocabulary, continuation pieces prefixed (by
 * {@code ##}); a word with more than {@code maxInputCharsPerWord} code points, or with a part that matches
 * nothing, becomes the unknown token as a whole.
 */
record WordPiece(Map<String, Integer> vocab, String unkToken, int unkId, String prefix, int maxInputCharsPerWord) {

    void tokenize(String word, List<String> tokens, List<Integer> ids) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > maxInputCharsPerWord) {
            tokens.add(unkToken);
            ids.add(unkId);
            return;
        }
        int before = tokens.size();
        int start = 0;
        while (start < cps.length) {
            int end = cps.length;
            String match = null;
            Integer matchId = null;
            while (start < end) {
                String piece = new String(cps, start, end - start);
                if (start > 0) {
                    piece = prefix + piece;
                }
                Integer id = vocab.get(piece);
                if (id != null) {
                    match = piece;
                    matchId = id;
                    break;
                }
                end--;
            }
            if (match == null) {
                tokens.subList(before, tokens.size()).clear();
                ids.subList(before, ids.size()).clear();
                tokens.add(unkToken);
                ids.add(unkId);
                return;
            }
            tokens.add(match);
            ids.add(matchId);
            start = end;
        }
    }
}
