package dev.accel.cuda.ops;

/**
 * Every kernel {@link CudaOps} launches: its source resource (under {@code /dev/accel/cuda/kernels/}) and its
 * {@code extern "C"} name. Tests compile each source and check that every name is an entry of its PTX.
 */
enum Kernel {
    BINARY_CONTIG_F32(Source.ELEMENTWISE, "binary_contig_f32"),
    BINARY_CONTIG_C32(Source.ELEMENTWISE, "binary_contig_c32"),
    BINARY_CONTIG_C64(Source.ELEMENTWISE, "binary_contig_c64"),
    BINARY_STRIDED_C32_I32(Source.ELEMENTWISE, "binary_strided_c32_i32"),
    BINARY_STRIDED_C32_I64(Source.ELEMENTWISE, "binary_strided_c32_i64"),
    BINARY_STRIDED_C64_I32(Source.ELEMENTWISE, "binary_strided_c64_i32"),
    BINARY_STRIDED_C64_I64(Source.ELEMENTWISE, "binary_strided_c64_i64"),
    UNARY_CONTIG_F32(Source.ELEMENTWISE, "unary_contig_f32"),
    UNARY_CONTIG_C32(Source.ELEMENTWISE, "unary_contig_c32"),
    UNARY_CONTIG_C64(Source.ELEMENTWISE, "unary_contig_c64"),
    UNARY_STRIDED_C32_I32(Source.ELEMENTWISE, "unary_strided_c32_i32"),
    UNARY_STRIDED_C32_I64(Source.ELEMENTWISE, "unary_strided_c32_i64"),
    UNARY_STRIDED_C64_I32(Source.ELEMENTWISE, "unary_strided_c64_i32"),
    UNARY_STRIDED_C64_I64(Source.ELEMENTWISE, "unary_strided_c64_i64"),
    CONVERT_STRIDED_I32(Source.ELEMENTWISE, "convert_strided_i32"),
    CONVERT_STRIDED_I64(Source.ELEMENTWISE, "convert_strided_i64"),
    COPY_CONTIG(Source.ELEMENTWISE, "copy_contig"),
    COPY_STRIDED_B1_I32(Source.ELEMENTWISE, "copy_strided_b1_i32"),
    COPY_STRIDED_B1_I64(Source.ELEMENTWISE, "copy_strided_b1_i64"),
    COPY_STRIDED_B2_I32(Source.ELEMENTWISE, "copy_strided_b2_i32"),
    COPY_STRIDED_B2_I64(Source.ELEMENTWISE, "copy_strided_b2_i64"),
    COPY_STRIDED_B4_I32(Source.ELEMENTWISE, "copy_strided_b4_i32"),
    COPY_STRIDED_B4_I64(Source.ELEMENTWISE, "copy_strided_b4_i64"),
    COPY_STRIDED_B8_I32(Source.ELEMENTWISE, "copy_strided_b8_i32"),
    COPY_STRIDED_B8_I64(Source.ELEMENTWISE, "copy_strided_b8_i64"),
    FILL_FP_STRIDED(Source.ELEMENTWISE, "fill_fp_strided"),
    SET_U64(Source.ELEMENTWISE, "set_u64"),
    GATHER_CHECK(Source.ELEMENTWISE, "gather_check"),
    GATHER_ROWS(Source.ELEMENTWISE, "gather_rows"),
    SOFTMAX_C32(Source.ROWS, "softmax_c32"),
    SOFTMAX_C64(Source.ROWS, "softmax_c64"),
    LAYER_NORM_C32(Source.ROWS, "layer_norm_c32"),
    LAYER_NORM_C64(Source.ROWS, "layer_norm_c64"),
    RMS_NORM_C32(Source.ROWS, "rms_norm_c32"),
    RMS_NORM_C64(Source.ROWS, "rms_norm_c64"),
    REDUCE_ROWS_C32(Source.ROWS, "reduce_rows_c32"),
    REDUCE_ROWS_C64(Source.ROWS, "reduce_rows_c64"),
    REDUCE_COLS_C32(Source.ROWS, "reduce_cols_c32"),
    REDUCE_COLS_C64(Source.ROWS, "reduce_cols_c64");

    /** The kernel source files, resources under {@code /dev/accel/cuda/kernels/}. */
    enum Source {
        ELEMENTWISE("elementwise.cu"), ROWS("rows.cu");

        final String fileName;

        Source(String fileName) {
            this.fileName = fileName;
        }

        /** The classpath resource path. */
        String resource() {
            return "/dev/accel/cuda/kernels/" + fileName;
        }
    }

    final Source source;
    final String entry;

    Kernel(Source source, String entry) {
        this.source = source;
        this.entry = entry;
    }

    /** The strided same-dtype copy for elements of {@code byteSize} bytes. */
    static Kernel copyStrided(int byteSize, boolean wideIndex) {
        return switch (byteSize) {
            case 1 -> wideIndex ? COPY_STRIDED_B1_I64 : COPY_STRIDED_B1_I32;
            case 2 -> wideIndex ? COPY_STRIDED_B2_I64 : COPY_STRIDED_B2_I32;
            case 4 -> wideIndex ? COPY_STRIDED_B4_I64 : COPY_STRIDED_B4_I32;
            case 8 -> wideIndex ? COPY_STRIDED_B8_I64 : COPY_STRIDED_B8_I32;
            default -> throw new IllegalArgumentException("no copy kernel for " + byteSize + "-byte elements");
        };
    }
}
