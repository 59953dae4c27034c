/**
 * Text to token ids for the models Accel runs: a BERT WordPiece tokenizer that reads Hugging Face's
 * {@code tokenizer.json}, and sentence-embedding pooling. Depends on the JDK and Accel's runtime API only
 * (it parses JSON with its own small, strict, size-limited parser).
 */
module dev.accel.tokenizers {
    requires transitive dev.accel.runtime;

    exports dev.accel.tokenizers;
}
