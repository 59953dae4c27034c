/**
 * An example engine built only from Accel's tensor ops: a BERT encoder (all-MiniLM-L6-v2's architecture)
 * whose weights are read straight from an ONNX file by a small protobuf reader.
 */
module dev.accel.examples.bert {
    requires transitive dev.accel.runtime;

    exports dev.accel.examples.bert;
    exports dev.accel.examples.bert.onnx;
}
