/**
 * Text to token ids for the models Accel runs: a BERT WordPiece tokenizer that reads Hugging Face's
 * {@code tokenizer.json}, and sentence-embedding pooling. Depends on the JDK and Accel's runtime API only
 * (it parses JSON with the runtime API's {@code dev.accel.json}).
 */
module dev.accel.tokenizers {
    requires transitive dev.accel.runtime;

    exports dev.accel.tokenizers;
}
