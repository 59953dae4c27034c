package dev.accel.cpu.onnx;

import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import dev.accel.tokenizers.BatchEncoding;
import dev.accel.tokenizers.Encoding;
import dev.accel.tokenizers.Pooling;
import dev.accel.tokenizers.Truncation;
import dev.accel.tokenizers.WordPieceTokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cross-checks Accel's MiniLM path (WordPieceTokenizer + ONNX Runtime Java from the mapped file + Pooling,
 * batched with padding) against an independent JavaScript stack (Hugging Face tokenizers.js +
 * onnxruntime-node + pooling in JS, one sentence at a time), run by {@code src/test/js/crosscheck.mjs}.
 * Needs node and npm; runs {@code npm ci} when {@code node_modules} is missing; skips only when node or
 * npm is not installed.
 */
class OnnxCrossCheckTest {
    static final int MAX_LENGTH = 256;
    static final Path JS_DIR = Path.of("src", "test", "js").toAbsolutePath();

    static final List<String> SENTENCES = List.of(
            // plain English
            "The quick brown fox jumps over the lazy dog.",
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The new movie is awesome!",
            "The cat sits outside",
            "I love pasta; it's my favourite dish.",
            "Embeddings map sentences to vectors in 384 dimensions.",
            "",
            "   ",
            "OK",
            // accents and case
            "Café au lait, naïve résumé, jalapeño piñata.",
            "ÅNGSTRÖM and Ærøskøbing in DANISH",
            "Straße, Fußball und Größe — ẞ capital",
            "İstanbul'da ılık bir gün; IĞDIR ŞİŞLİ",
            "Crème brûlée à la française, s'il vous plaît.",
            "Đà Nẵng, Việt Nam: phở bò và bánh mì",
            "Zürich, Köln, Düsseldorf ÜBER ALLES",
            "ﬁnance ﬂow ligatures and ＦＵＬＬＷＩＤＴＨ letters",
            // CJK and other scripts
            "我爱自然语言处理。",
            "东京是日本的首都，人口很多。",
            "日本語のテキストとカタカナ、ひらがな。",
            "한국어 문장도 테스트합니다.",
            "Привет, как дела? Всё хорошо.",
            "مرحبا بالعالم، كيف حالك؟",
            "שלום עולם",
            "नमस्ते दुनिया, यह एक परीक्षण है।",
            "สวัสดีครับ ประเทศไทย",
            "Ελληνικά: καλημέρα κόσμε",
            "Mixed 中文 and English 混合 text 123",
            // emoji
            "I love it 😍🔥👍",
            "Family: 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵",
            "Thumbs 👍🏽 skin tone, ❤️ heart with variation selector",
            "☕ coffee ☀️ sun ★ star ♥ suit",
            // punctuation and symbols
            "Hello!!! What?! Really... (yes) [no] {maybe}",
            "“Smart quotes” and ‘single’ – en dash — em dash … ellipsis",
            "¿Dónde está la biblioteca? ¡Aquí!",
            "Price: $19.99, €5, £3, ¥100, 50% off & free #shipping @store",
            "a+b=c; x<y>z; ^caret `tick` |pipe| ~tilde",
            "Math: ∑ x² ≤ ∞ ± √2 ≈ 1.414 → ∂f/∂x",
            "email@example.com https://example.org/path?q=1&r=two#frag",
            "def f(x): return x**2 # python code {\"json\": [1, 2, 3]}",
            "C++ & C# vs. Java_25 -- snake_case and kebab-case",
            "«Guillemets» „Anführungszeichen“ 「括弧」『二重』",
            "Numbers: 3.14159, 1,000,000, 2e-10, 0x1F, 42nd",
            // control characters and odd whitespace
            "tab\tseparated\tvalues\nnew line\r\ncarriage",
            "null\u0000byte and bell\u0007 and escape\u001B[0m",
            "zero\u200Bwidth\u200Cjoiners\u200D and soft\u00ADhyphen",
            "non\u00A0breaking\u2003em\u3000ideographic space",
            "BOM\uFEFF inside and replacement \uFFFD char",
            "private use \uE000\uF8FF chars and \u0085 next line",
            // special tokens written in text, and unknown words
            "Literal [SEP] and [CLS] and [MASK] tokens",
            "supercalifragilisticexpialidocious antidisestablishmentarianism",
            "a".repeat(120) + " too long for one word",
            "Pneumonoultramicroscopicsilicovolcanoconiosis is a word.",
            // long inputs: truncated at 256 tokens
            "The history of natural language processing generally started in the 1950s. ".repeat(30),
            "長い文章のテスト。".repeat(80),
            String.join(" ", java.util.Collections.nCopies(300, "word")));

    @Test
    void javaMatchesTheJavaScriptStack() throws Exception {
        assumeTrue(onPath("node"), "node is not installed: the JavaScript cross-check cannot run");
        assumeTrue(onPath("npm"), "npm is not installed: the JavaScript cross-check cannot run");
        assertTrue(SENTENCES.size() >= 50, "at least 50 sentences");
        Path model = MiniLmFiles.model();
        Path tokenizerJson = MiniLmFiles.tokenizer();

        Path work = Files.createTempDirectory("accel-crosscheck");
        Path in = work.resolve("sentences.json");
        Path out = work.resolve("js.txt");
        Files.writeString(in, toJson(SENTENCES), StandardCharsets.UTF_8);
        if (!Files.isDirectory(JS_DIR.resolve("node_modules"))) {
            run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), 300);
        }
        run(List.of("node", "crosscheck.mjs", model.toString(), tokenizerJson.toString(), in.toString(), Integer.toString(MAX_LENGTH), out.toString()), 120);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        System.out.println("[crosscheck] reference: " + lines.getFirst());

        List<Truncation> truncations = new ArrayList<>();
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(tokenizerJson).withMaxLength(MAX_LENGTH).onTruncation(truncations::add);
        int sameIds = 0;
        double minCosine = 1;
        double maxAbsDiff = 0;
        List<String> problems = new ArrayList<>();
        try (MemoryScope scope = MemoryScope.shared();
             ModelSession session = ModelRuntimes.get("onnxruntime").open(Memory.mapFile(model, scope), SessionOptions.defaults())) {
            for (int start = 0; start < SENTENCES.size(); start += 8) {
                List<String> chunk = SENTENCES.subList(start, Math.min(SENTENCES.size(), start + 8));
                BatchEncoding batch = tokenizer.encodeBatch(chunk);
                Map<String, Tensor> inputs = batch.copyToTensors(scope);
                Tensor hidden = Tensor.zeros(scope, DType.F32, batch.batchSize(), batch.sequenceLength(), 384);
                session.run(inputs, Map.of("output_0", hidden), scope);
                float[] emb = Pooling.sentenceEmbeddings(hidden, inputs.get(BatchEncoding.ATTENTION_MASK), scope).toFloatArray();
                for (int b = 0; b < chunk.size(); b++) {
                    int i = start + b;
                    Encoding enc = batch.encodings().get(b);
                    long[] jsIds = Arrays.stream(lines.get(1 + 2 * i).substring(4).split(" ")).mapToLong(Long::parseLong).toArray();
                    float[] jsEmb = parseFloats(lines.get(2 + 2 * i).substring(4));
                    if (Arrays.equals(jsIds, enc.ids())) {
                        sameIds++;
                    } else {
                        problems.add("ids differ for sentence " + i + " " + preview(SENTENCES.get(i)) + ":\n  java " + Arrays.toString(enc.ids())
                                + "\n  js   " + Arrays.toString(jsIds) + "\n  java tokens " + enc.tokens());
                    }
                    float[] mine = Arrays.copyOfRange(emb, b * 384, (b + 1) * 384);
                    for (int h = 0; h < 384; h++) {
                        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(mine[h] - jsEmb[h]));
                    }
                    double cos = Pooling.cosine(mine, jsEmb);
                    minCosine = Math.min(minCosine, cos);
                    if (!(cos >= 0.9999)) {
                        problems.add("cosine " + cos + " < 0.9999 for sentence " + i + " " + preview(SENTENCES.get(i)));
                    }
                }
            }
        }
        System.out.printf("[crosscheck] %d sentences: identical token ids %d/%d, min cosine %.9f, max |diff| per component %.3g, truncated %d%n",
                SENTENCES.size(), sameIds, SENTENCES.size(), minCosine, maxAbsDiff, truncations.size());
        if (!problems.isEmpty()) {
            fail(problems.size() + " mismatches:\n" + String.join("\n", problems));
        }
        assertEquals(SENTENCES.size(), sameIds);
        assertTrue(truncations.size() >= 3, "the long inputs were truncated and reported: " + truncations);
        assertTrue(truncations.stream().allMatch(t -> t.maxLength() == MAX_LENGTH && t.untruncatedLength() > MAX_LENGTH), truncations.toString());
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("crosscheck", ".log");
        Process p = new ProcessBuilder(command).directory(JS_DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in " + timeoutSeconds + " s; output:\n" + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            fail(command + " failed with exit status " + p.exitValue() + ":\n" + Files.readString(log));
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static float[] parseFloats(String s) {
        String[] parts = s.split(" ");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (float) Double.parseDouble(parts[i]);
        }
        return out;
    }

    private static String preview(String s) {
        String p = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "\"" + p.replace("\n", "\\n") + "\"";
    }

    /** A JSON array of strings; every non-ASCII or control character written as a \\u escape. */
    static String toJson(List<String> strings) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < strings.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"');
            for (char c : strings.get(i).toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }
}
