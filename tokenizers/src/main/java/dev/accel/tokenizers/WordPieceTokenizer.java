package dev.accel.tokenizers;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.json.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A BERT WordPiece tokenizer configured by a Hugging Face {@code tokenizer.json}, producing the same ids as
 * Hugging Face's {@code tokenizers} for single texts.
 *
 * <p>The pipeline, for each text: split out added tokens ({@code [CLS]}, {@code [SEP]}, ... written
 * literally in the text) → {@code BertNormalizer} (clean text, space out CJK ideographs, strip accents,
 * lower-case) → {@code BertPreTokenizer} (split on whitespace and punctuation) → WordPiece (greedy
 * longest match, {@code ##} continuations, unknown token for words longer than
 * {@code max_input_chars_per_word}) → truncation to {@link #maxLength()} → post-processor
 * ({@code [CLS] ... [SEP]}, from {@code TemplateProcessing} or {@code BertProcessing}).
 * {@link #encodeBatch} pads to the longest text.
 *
 * <p>Supported {@code tokenizer.json}: {@code model.type} WordPiece; normalizer {@code BertNormalizer} or
 * none; pre-tokenizer {@code BertPreTokenizer}; post-processor {@code TemplateProcessing},
 * {@code BertProcessing} or none. Anything else is refused with {@link ErrorCode#UNSUPPORTED}, naming it.
 * Added tokens are matched in the raw text (their {@code single_word} and {@code normalized} flags are not
 * applied; {@code lstrip}/{@code rstrip} are). Text pairs are not supported.
 *
 * <p>Limits: the file is at most {@value #MAX_JSON_BYTES} bytes, nested at most 64 levels. Instances are
 * immutable and thread-safe.
 */
public final class WordPieceTokenizer {
    /** Largest {@code tokenizer.json} accepted, in bytes. */
    public static final int MAX_JSON_BYTES = 64 << 20;
    /** The maximum length when {@code tokenizer.json} sets no truncation: BERT's 512 positions. */
    public static final int DEFAULT_MAX_LENGTH = 512;

    private static final System.Logger LOG = System.getLogger(WordPieceTokenizer.class.getName());

    private record Special(String token, long id, long typeId) {
    }

    /** One item of the single-text template: a special token, or the text's own tokens (special == null). */
    private record TemplatePiece(Special special, long sequenceTypeId) {
    }

    private record AddedToken(String content, long id, boolean lstrip, boolean rstrip) {
    }

    private final WordPiece model;
    private final BertNormalizer normalizer;
    private final List<TemplatePiece> template;
    private final int specialCount;
    private final List<AddedToken> addedTokens;
    private final int maxLength;
    private final boolean truncateLeft;
    private final long padId;
    private final long padTypeId;
    private final Consumer<Truncation> onTruncation;

    private WordPieceTokenizer(WordPiece model, BertNormalizer normalizer, List<TemplatePiece> template, List<AddedToken> addedTokens,
                               int maxLength, boolean truncateLeft, long padId, long padTypeId, Consumer<Truncation> onTruncation) {
        this.model = model;
        this.normalizer = normalizer;
        this.template = List.copyOf(template);
        this.specialCount = (int) template.stream().filter(p -> p.special() != null).count();
        this.addedTokens = List.copyOf(addedTokens);
        if (maxLength <= specialCount) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for text after " + specialCount + " special tokens");
        }
        this.maxLength = maxLength;
        this.truncateLeft = truncateLeft;
        this.padId = padId;
        this.padTypeId = padTypeId;
        this.onTruncation = onTruncation;
    }

    // ---- loading ----------------------------------------------------------------------------------

    /**
     * Reads a {@code tokenizer.json} file.
     *
     * @throws AccelException {@link ErrorCode#IO_ERROR} when it cannot be read, {@link ErrorCode#MALFORMED_INPUT}
     *         for bad JSON or a missing field, {@link ErrorCode#UNSUPPORTED} for another kind of tokenizer
     */
    public static WordPieceTokenizer fromJson(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_JSON_BYTES) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, file + " has " + size + " bytes; tokenizer.json is limited to " + MAX_JSON_BYTES);
            }
            return fromJson(ByteBuffer.wrap(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a {@code tokenizer.json} from its UTF-8 bytes (from position to limit), e.g. a mapped file's
     * {@code asByteBuffer()}; the bytes are decoded once and not kept.
     *
     * @param source names the bytes in error messages
     */
    public static WordPieceTokenizer fromJson(ByteBuffer utf8, String source) {
        if (utf8.remaining() > MAX_JSON_BYTES) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source + " has " + utf8.remaining() + " bytes; tokenizer.json is limited to " + MAX_JSON_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(utf8.duplicate()).toString();
        } catch (CharacterCodingException e) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source + " is not valid UTF-8: " + e.getMessage(), e);
        }
        return fromJson(text, source);
    }

    /** Reads a {@code tokenizer.json} from its text. */
    public static WordPieceTokenizer fromJson(String json, String source) {
        if (json.length() > MAX_JSON_BYTES) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source + " is longer than " + MAX_JSON_BYTES + " characters");
        }
        Map<String, Object> root = asObject(Json.parse(json, source), source, "the top level");
        return new Config(root, source).build();
    }

    /** Reads the configuration out of the parsed JSON. */
    private record Config(Map<String, Object> root, String source) {
        WordPieceTokenizer build() {
            Map<String, Object> modelJson = object(root, "model");
            String type = optString(modelJson, "type", "WordPiece");
            if (!type.equals("WordPiece")) {
                throw unsupported("model type " + type + " (only WordPiece is supported)");
            }
            Map<String, Object> vocabJson = object(modelJson, "vocab");
            Map<String, Integer> vocab = new HashMap<>(vocabJson.size() * 2);
            for (var e : vocabJson.entrySet()) {
                if (!(e.getValue() instanceof Long id) || id < 0 || id > Integer.MAX_VALUE) {
                    throw malformed("model.vocab[\"" + e.getKey() + "\"] must be a non-negative integer id, got " + e.getValue());
                }
                vocab.put(e.getKey(), id.intValue());
            }
            String unk = optString(modelJson, "unk_token", "[UNK]");
            Integer unkId = vocab.get(unk);
            if (unkId == null) {
                throw malformed("the unknown token " + unk + " is not in model.vocab");
            }
            String prefix = optString(modelJson, "continuing_subword_prefix", "##");
            int maxChars = (int) optLong(modelJson, "max_input_chars_per_word", 100);
            WordPiece model = new WordPiece(Map.copyOf(vocab), unk, unkId, prefix, maxChars);

            BertNormalizer normalizer = null;
            if (root.get("normalizer") instanceof Map<?, ?> n) {
                Map<String, Object> nj = asObject(n, source, "normalizer");
                String nType = optString(nj, "type", "?");
                if (!nType.equals("BertNormalizer")) {
                    throw unsupported("normalizer " + nType + " (only BertNormalizer is supported)");
                }
                boolean lower = optBool(nj, "lowercase", true);
                Object strip = nj.get("strip_accents");
                boolean stripAccents = strip instanceof Boolean b ? b : lower; // null: follow lowercase, as Hugging Face does
                normalizer = new BertNormalizer(optBool(nj, "clean_text", true), optBool(nj, "handle_chinese_chars", true), stripAccents, lower);
            }

            if (root.get("pre_tokenizer") instanceof Map<?, ?> p) {
                String pType = optString(asObject(p, source, "pre_tokenizer"), "type", "?");
                if (!pType.equals("BertPreTokenizer")) {
                    throw unsupported("pre_tokenizer " + pType + " (only BertPreTokenizer is supported)");
                }
            } else {
                throw unsupported("a tokenizer.json without a pre_tokenizer (BertPreTokenizer expected)");
            }

            List<TemplatePiece> template = template(vocab);
            List<AddedToken> added = new ArrayList<>();
            if (root.get("added_tokens") instanceof List<?> list) {
                for (Object o : list) {
                    Map<String, Object> a = asObject(o, source, "added_tokens[]");
                    added.add(new AddedToken(string(a, "content"), optLong(a, "id", -1), optBool(a, "lstrip", false), optBool(a, "rstrip", false)));
                }
            }
            added.removeIf(a -> a.content().isEmpty() || a.id() < 0);
            added.sort(Comparator.comparingInt((AddedToken a) -> a.content().length()).reversed());

            int maxLength = DEFAULT_MAX_LENGTH;
            boolean left = false;
            if (root.get("truncation") instanceof Map<?, ?> t) {
                Map<String, Object> tj = asObject(t, source, "truncation");
                maxLength = (int) optLong(tj, "max_length", DEFAULT_MAX_LENGTH);
                left = optString(tj, "direction", "Right").equals("Left");
            }
            long padId = vocab.getOrDefault("[PAD]", 0);
            long padTypeId = 0;
            if (root.get("padding") instanceof Map<?, ?> pad) {
                Map<String, Object> pj = asObject(pad, source, "padding");
                padId = optLong(pj, "pad_id", padId);
                padTypeId = optLong(pj, "pad_type_id", 0);
            }
            long specials = template.stream().filter(piece -> piece.special() != null).count();
            if (maxLength <= specials) {
                throw malformed("truncation \"max_length\" " + maxLength + " leaves no room for text after the " + specials
                        + " special tokens of the post_processor; expected more than " + specials);
            }
            return new WordPieceTokenizer(model, normalizer, template, added, maxLength, left, padId, padTypeId, null);
        }

        private List<TemplatePiece> template(Map<String, Integer> vocab) {
            if (!(root.get("post_processor") instanceof Map<?, ?> pp)) {
                return List.of(new TemplatePiece(null, 0));
            }
            Map<String, Object> pj = asObject(pp, source, "post_processor");
            String type = optString(pj, "type", "?");
            switch (type) {
                case "BertProcessing" -> {
                    return List.of(new TemplatePiece(pair(pj, "cls", 0), 0), new TemplatePiece(null, 0), new TemplatePiece(pair(pj, "sep", 0), 0));
                }
                case "TemplateProcessing" -> {
                    Map<String, Object> specials = object(pj, "special_tokens");
                    List<TemplatePiece> out = new ArrayList<>();
                    for (Object o : list(pj, "single")) {
                        Map<String, Object> item = asObject(o, source, "post_processor.single[]");
                        if (item.get("SpecialToken") instanceof Map<?, ?> s) {
                            Map<String, Object> sj = asObject(s, source, "SpecialToken");
                            String name = string(sj, "id");
                            long typeId = optLong(sj, "type_id", 0);
                            Map<String, Object> spec = asObject(specials.get(name), source, "post_processor.special_tokens[\"" + name + "\"]");
                            List<Object> ids = list(spec, "ids");
                            List<Object> tokens = list(spec, "tokens");
                            if (ids.size() != tokens.size()) {
                                throw malformed("post_processor.special_tokens[\"" + name + "\"] has " + ids.size() + " ids but "
                                        + tokens.size() + " tokens; expected one id per token");
                            }
                            for (int i = 0; i < ids.size(); i++) {
                                if (!(ids.get(i) instanceof Long id) || id < 0 || id > Integer.MAX_VALUE || !(tokens.get(i) instanceof String token)) {
                                    throw malformed("post_processor.special_tokens[\"" + name + "\"] entry " + i + " is (" + ids.get(i) + ", "
                                            + tokens.get(i) + "); expected a token string and an id in 0.." + Integer.MAX_VALUE);
                                }
                                out.add(new TemplatePiece(new Special(token, id, typeId), 0));
                            }
                        } else if (item.get("Sequence") instanceof Map<?, ?> s) {
                            out.add(new TemplatePiece(null, optLong(asObject(s, source, "Sequence"), "type_id", 0)));
                        } else {
                            throw malformed("post_processor.single holds " + item.keySet() + "; expected SpecialToken or Sequence");
                        }
                    }
                    if (out.stream().filter(p -> p.special() == null).count() != 1) {
                        throw malformed("post_processor.single must hold exactly one Sequence");
                    }
                    return out;
                }
                default -> throw unsupported("post_processor " + type + " (TemplateProcessing and BertProcessing are supported)");
            }
        }

        private Special pair(Map<String, Object> pj, String key, long typeId) {
            List<Object> p = list(pj, key);
            if (p.size() != 2 || !(p.get(0) instanceof String token) || !(p.get(1) instanceof Long id)) {
                throw malformed("post_processor." + key + " must be [token, id], got " + p);
            }
            return new Special(token, id, typeId);
        }

        private Map<String, Object> object(Map<String, Object> m, String key) {
            return asObject(m.get(key), source, key);
        }

        @SuppressWarnings("unchecked")
        private List<Object> list(Map<String, Object> m, String key) {
            if (m.get(key) instanceof List<?> l) {
                return (List<Object>) l;
            }
            throw malformed("\"" + key + "\" must be an array, got " + m.get(key));
        }

        private String string(Map<String, Object> m, String key) {
            if (m.get(key) instanceof String s) {
                return s;
            }
            throw malformed("\"" + key + "\" must be a string, got " + m.get(key));
        }

        private String optString(Map<String, Object> m, String key, String fallback) {
            Object v = m.get(key);
            return v == null || v == Json.NULL ? fallback : v instanceof String s ? s : string(m, key);
        }

        private long optLong(Map<String, Object> m, String key, long fallback) {
            Object v = m.get(key);
            if (v == null || v == Json.NULL) {
                return fallback;
            }
            if (v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
                return l;
            }
            throw malformed("\"" + key + "\" must be a non-negative integer, got " + v);
        }

        private boolean optBool(Map<String, Object> m, String key, boolean fallback) {
            Object v = m.get(key);
            if (v == null || v == Json.NULL) {
                return fallback;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw malformed("\"" + key + "\" must be true or false, got " + v);
        }

        private AccelException malformed(String what) {
            return new AccelException(ErrorCode.MALFORMED_INPUT, source + ": " + what);
        }

        private AccelException unsupported(String what) {
            return new AccelException(ErrorCode.UNSUPPORTED, source + ": unsupported tokenizer: " + what);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object o, String source, String where) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new AccelException(ErrorCode.MALFORMED_INPUT, source + ": " + where + " must be a JSON object, got " + o);
    }

    // ---- configuration ------------------------------------------------------------------------------

    /**
     * This tokenizer with another maximum length, special tokens included (e.g. 256 for all-MiniLM-L6-v2 as
     * sentence-transformers runs it, 512 for BERT's full range).
     *
     * @throws IllegalArgumentException when {@code maxLength} leaves no room after the special tokens
     */
    public WordPieceTokenizer withMaxLength(int maxLength) {
        return new WordPieceTokenizer(model, normalizer, template, addedTokens, maxLength, truncateLeft, padId, padTypeId, onTruncation);
    }

    /**
     * This tokenizer with {@code listener} told of every truncated text instead of the default warning on
     * the {@code System.Logger} named after this class.
     */
    public WordPieceTokenizer onTruncation(Consumer<Truncation> listener) {
        return new WordPieceTokenizer(model, normalizer, template, addedTokens, maxLength, truncateLeft, padId, padTypeId,
                Objects.requireNonNull(listener, "listener"));
    }

    /** The maximum number of tokens per text, special tokens included. */
    public int maxLength() {
        return maxLength;
    }

    public int vocabSize() {
        return model.vocab().size();
    }

    /** The id of {@code token} in the vocabulary, if it is there. */
    public OptionalLong tokenId(String token) {
        Integer id = model.vocab().get(token);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    // ---- encoding ---------------------------------------------------------------------------------

    /** Encodes one text (special tokens added, truncated to {@link #maxLength()}, not padded). */
    public Encoding encode(String text) {
        return encode(text, 0);
    }

    /** Encodes every text and pads them to the longest (padding id from {@code tokenizer.json}, else {@code [PAD]}). */
    public BatchEncoding encodeBatch(List<String> texts) {
        List<Encoding> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(encode(texts.get(i), i));
        }
        return new BatchEncoding(out, padId, padTypeId);
    }

    private Encoding encode(String text, int index) {
        Objects.requireNonNull(text, "text");
        List<String> tokens = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<String> words = new ArrayList<>();
        splitAdded(text, (segment, added) -> {
            if (added != null) {
                tokens.add(added.content());
                ids.add((int) added.id());
                return;
            }
            words.clear();
            BertPreTokenizer.split(normalizer == null ? segment : normalizer.normalize(segment), words);
            for (String w : words) {
                model.tokenize(w, tokens, ids);
            }
        });
        int content = tokens.size();
        int room = maxLength - specialCount;
        int from = 0;
        int to = content;
        if (content > room) {
            if (truncateLeft) {
                from = content - room;
            } else {
                to = room;
            }
            Truncation t = new Truncation(index, content + specialCount, maxLength);
            if (onTruncation != null) {
                onTruncation.accept(t);
            } else {
                LOG.log(System.Logger.Level.WARNING, t.toString());
            }
        }
        int n = to - from + specialCount;
        List<String> outTokens = new ArrayList<>(n);
        long[] outIds = new long[n];
        long[] outTypes = new long[n];
        int k = 0;
        for (TemplatePiece p : template) {
            if (p.special() != null) {
                outTokens.add(p.special().token());
                outIds[k] = p.special().id();
                outTypes[k++] = p.special().typeId();
            } else {
                for (int i = from; i < to; i++) {
                    outTokens.add(tokens.get(i));
                    outIds[k] = ids.get(i);
                    outTypes[k++] = p.sequenceTypeId();
                }
            }
        }
        return new Encoding(outTokens, outIds, outTypes, content + specialCount);
    }

    private interface SegmentSink {
        void accept(String segment, AddedToken added);
    }

    /** Splits {@code text} around literal added tokens, longest first, honouring lstrip/rstrip. */
    private void splitAdded(String text, SegmentSink sink) {
        if (addedTokens.isEmpty()) {
            sink.accept(text, null);
            return;
        }
        int segStart = 0;
        int i = 0;
        while (i < text.length()) {
            AddedToken match = null;
            for (AddedToken a : addedTokens) {
                if (text.startsWith(a.content(), i)) {
                    match = a;
                    break;
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            int segEnd = i;
            if (match.lstrip()) {
                while (segEnd > segStart && Character.isWhitespace(text.charAt(segEnd - 1))) {
                    segEnd--;
                }
            }
            if (segEnd > segStart) {
                sink.accept(text.substring(segStart, segEnd), null);
            }
            sink.accept(match.content(), match);
            i += match.content().length();
            if (match.rstrip()) {
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            }
            segStart = i;
        }
        if (segStart < text.length()) {
            sink.accept(text.substring(segStart), null);
        }
    }

    @Override
    public String toString() {
        return "WordPieceTokenizer[vocab " + vocabSize() + ", maxLength " + maxLength + ", " + specialCount + " special tokens per text]";
    }
}
