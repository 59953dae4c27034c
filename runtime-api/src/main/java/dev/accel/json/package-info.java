/**
 * JSON text in and out, one set of rules for every module: configuration files ({@code tokenizer.json}),
 * the store's model registry, Kubo RPC answers, JMH result files and the CLI's {@code --json} output.
 * {@link dev.accel.json.Json} parses and writes; {@link dev.accel.json.JsonObjects} reads typed members;
 * {@link dev.accel.json.JsonLimits} bounds a parse.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Strict RFC 8259.</b> No comments, no trailing commas, no single quotes, no {@code NaN} or
 *       infinities, no leading zeros or {@code +} signs, no raw control characters in strings, no lone
 *       surrogates (escaped or not), no duplicate keys in an object, nothing after the value. White space
 *       is the four characters RFC 8259 names. {@link dev.accel.json.Json#parseLines} reads NDJSON: one
 *       value per line, blank lines skipped.</li>
 *   <li><b>Values.</b> An object becomes an insertion-ordered, unmodifiable {@code Map<String, Object>}; an
 *       array an unmodifiable {@code List<Object>}; a string a {@link java.lang.String}; {@code true} and
 *       {@code false} {@link java.lang.Boolean}; a number a {@link java.lang.Long} when it has no fraction
 *       and no exponent and fits in a {@code long}, otherwise a {@link java.lang.Double} (a number beyond
 *       the range of a double is refused, never turned into an infinity); {@code null} the one sentinel
 *       {@link dev.accel.json.Json#NULL}, so that {@code map.get(key) == null} always means "absent".</li>
 *   <li><b>Limits.</b> Every parse is bounded by a {@link dev.accel.json.JsonLimits}: nesting depth,
 *       characters per string and number of values. The defaults ({@link dev.accel.json.JsonLimits#DEFAULT}:
 *       64 levels, 1,048,576 characters, 4,194,304 values) hold the largest Hugging Face tokenizer files;
 *       callers pass others where their input is known to be smaller or larger. The length of the text is
 *       the caller's limit: it reads the text.</li>
 *   <li><b>Errors.</b> Every defect in the text throws {@link dev.accel.AccelException} with
 *       {@link dev.accel.ErrorCode#MALFORMED_INPUT} and the message {@code "<source>: <what> at line L,
 *       column C"}, never another exception type. Writing a value JSON cannot hold (NaN, an infinity, a
 *       non-string key, another Java type) throws {@link dev.accel.ErrorCode#INVALID_ARGUMENT}.</li>
 *   <li><b>Writing.</b> Writes maps, lists, strings, booleans, {@code Long}/{@code Integer}/{@code Short}/
 *       {@code Byte}/{@code Double}/{@code Float}, and {@code null} or {@link dev.accel.json.Json#NULL};
 *       {@code write} puts a value on one line ({@code {"a": 1, "b": [true, null]}}), {@code writePretty}
 *       indents by two spaces. What is written parses back to an equal value, with three conversions: Java
 *       {@code null} comes back as {@code NULL}, {@code Integer} as {@code Long}, {@code Float} as the
 *       {@code Double} of its decimal text. A string holding a lone surrogate is written escaped
 *       (<code>&#92;ud800</code>) and is the one thing the parser then refuses.</li>
 *   <li><b>Threads.</b> Every method is stateless and safe to call from any thread.</li>
 * </ul>
 */
package dev.accel.json;
