package dev.accel.tokenizers;

import java.util.List;

/**
 * Hugging Face's {@code BertPreTokenizer}: splits on White_Space (dropping it), and makes every punctuation
 * character a word of its own. Punctuation is ASCII punctuation ({@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~},
 * which includes the symbols {@code $+<=>^`|~}) and the Unicode categories Pc, Pd, Ps, Pe, Pi, Pf, Po.
 */
final class BertPreTokenizer {
    private BertPreTokenizer() {
    }

    static void split(String text, List<String> words) {
        int wordStart = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (BertNormalizer.isWhitespace(cp)) {
                if (wordStart >= 0) {
                    words.add(text.substring(wordStart, i));
                    wordStart = -1;
                }
            } else if (isPunctuation(cp)) {
                if (wordStart >= 0) {
                    words.add(text.substring(wordStart, i));
                    wordStart = -1;
                }
                words.add(text.substring(i, next));
            } else if (wordStart < 0) {
                wordStart = i;
            }
            i = next;
        }
        if (wordStart >= 0) {
            words.add(text.substring(wordStart));
        }
    }

    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }
}
