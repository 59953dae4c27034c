package dev.accel.examples.bert;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.UnaryOp;
import dev.accel.examples.bert.onnx.OnnxModel;
import dev.accel.examples.bert.onnx.OnnxNode;
import dev.accel.examples.bert.onnx.OnnxTensor;
import dev.accel.memory.MemoryScope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a BERT encoder's weights in an ONNX graph by walking it, not by initializer names: exporters give
 * MatMul weights names such as {@code onnx::MatMul_885}. The walk records, in graph order, every linear
 * layer ({@code MatMul} by a rank-2 initializer, then {@code Add} of a rank-1 initializer) and every layer
 * normalization (a {@code LayerNormalization} node, or PyTorch's decomposition {@code ReduceMean, Sub, Pow,
 * ReduceMean, Add eps, Sqrt, Div, Mul gamma, Add beta}), and expects the sequence
 * {@code norm, (linear x4, norm, linear x2, norm) x layers}. Which of a layer's first three linears is the
 * query, key and value is read from the data flow into the two attention products; the head count from the
 * {@code Reshape} that splits the query into heads; the activation from the ops between the two FFN linears.
 */
final class BertGraph {
    record Linear(OnnxTensor weight, OnnxTensor bias, String output) {
    }

    record Norm(OnnxTensor gamma, OnnxTensor beta, double eps) {
    }

    record Layer(Linear query, Linear key, Linear value, Linear attentionOutput, Norm attentionNorm, Linear intermediate, Linear output,
                 Norm outputNorm) {
    }

    private static final Set<String> VIEW_OPS = Set.of("Reshape", "Transpose", "Unsqueeze", "Squeeze");

    final OnnxTensor wordEmbeddings;
    final OnnxTensor positionEmbeddings;
    final OnnxTensor tokenTypeEmbeddings;
    final Norm embeddingNorm;
    final List<Layer> layers;
    final int heads;
    final double attentionScale;
    final UnaryOp activation;

    private final OnnxModel model;
    private final String source;

    private BertGraph(OnnxModel model, String source) {
        this.model = model;
        this.source = source;
        OnnxTensor word = null;
        OnnxTensor position = null;
        OnnxTensor type = null;
        List<Object> events = new ArrayList<>();
        List<OnnxNode> nodes = model.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxNode n = nodes.get(i);
            switch (n.opType()) {
                case "Gather" -> {
                    Optional<OnnxTensor> table = model.initializer(n.input(0)).filter(t -> t.shape().length == 2);
                    if (table.isPresent()) {
                        switch (n.input(1)) {
                            case "input_ids" -> word = table.get();
                            case "token_type_ids" -> type = table.get();
                            default -> position = table.get();
                        }
                    }
                }
                case "MatMul" -> linear(n).ifPresent(events::add);
                case "LayerNormalization" -> events.add(layerNormalization(n));
                case "Sqrt" -> decomposedNorm(n).ifPresent(events::add);
                default -> {
                }
            }
        }
        if (word == null || position == null || type == null) {
            throw structure("expected three embedding Gathers (of input_ids, token_type_ids and the positions) from rank-2 initializers; found"
                    + " word " + (word != null) + ", token type " + (type != null) + ", position " + (position != null));
        }
        wordEmbeddings = word;
        positionEmbeddings = position;
        tokenTypeEmbeddings = type;
        if (events.isEmpty() || !(events.getFirst() instanceof Norm first) || (events.size() - 1) % 8 != 0) {
            throw structure("expected the embedding LayerNorm then 8 weighted steps per layer (4 linears, norm, 2 linears, norm); found "
                    + describe(events));
        }
        embeddingNorm = first;
        List<Layer> list = new ArrayList<>();
        int headCount = 0;
        double scale = 0;
        UnaryOp act = null;
        for (int l = 0; l < (events.size() - 1) / 8; l++) {
            List<Object> e = events.subList(1 + 8 * l, 9 + 8 * l);
            int[] linears = {0, 1, 2, 3, 5, 6};
            for (int j : linears) {
                if (!(e.get(j) instanceof Linear)) {
                    throw structure("layer " + l + ": expected a linear at step " + j + ", found " + describe(e));
                }
            }
            if (!(e.get(4) instanceof Norm) || !(e.get(7) instanceof Norm)) {
                throw structure("layer " + l + ": expected LayerNorms at steps 4 and 7, found " + describe(e));
            }
            Linear[] qkv = attentionRoles((Linear) e.get(0), (Linear) e.get(1), (Linear) e.get(2), l);
            list.add(new Layer(qkv[0], qkv[1], qkv[2], (Linear) e.get(3), (Norm) e.get(4), (Linear) e.get(5), (Linear) e.get(6), (Norm) e.get(7)));
            if (l == 0) {
                headCount = heads(qkv[0], l);
                scale = scoreScale(qkv[0], l);
                act = activation((Linear) e.get(5), (Linear) e.get(6), l);
            }
        }
        layers = List.copyOf(list);
        heads = headCount;
        attentionScale = scale;
        activation = act;
    }

    static BertGraph read(OnnxModel model, String source) {
        return new BertGraph(model, source);
    }

    private Optional<Linear> linear(OnnxNode matmul) {
        Optional<OnnxTensor> w = model.initializer(matmul.input(1)).filter(t -> t.shape().length == 2);
        if (w.isEmpty()) {
            return Optional.empty(); // an activation-by-activation product (attention)
        }
        List<OnnxNode> consumers = model.consumers(matmul.outputs().getFirst());
        if (consumers.size() != 1 || !consumers.getFirst().opType().equals("Add")) {
            throw structure("MatMul '" + matmul.name() + "' by weight '" + w.get().name() + "' is not followed by exactly one bias Add");
        }
        OnnxNode add = consumers.getFirst();
        String other = add.input(0).equals(matmul.outputs().getFirst()) ? add.input(1) : add.input(0);
        OnnxTensor bias = model.initializer(other).filter(t -> t.shape().length == 1)
                .orElseThrow(() -> structure("the Add after MatMul '" + matmul.name() + "' does not add a rank-1 bias initializer"));
        return Optional.of(new Linear(w.get(), bias, add.outputs().getFirst()));
    }

    private Norm layerNormalization(OnnxNode n) {
        OnnxTensor gamma = model.initializer(n.input(1)).orElseThrow(() -> structure("LayerNormalization '" + n.name() + "' has no scale initializer"));
        OnnxTensor beta = model.initializer(n.input(2)).orElseThrow(() -> structure("LayerNormalization '" + n.name() + "' has no bias initializer"));
        double eps = n.attributes().containsKey("epsilon") ? n.attributes().get("epsilon").f() : 1e-5;
        return new Norm(gamma, beta, eps);
    }

    /** {@code Sqrt(Add(var, eps)) -> Div -> Mul gamma -> Add beta}; empty for a Sqrt that is not a LayerNorm's. */
    private Optional<Norm> decomposedNorm(OnnxNode sqrt) {
        Optional<OnnxNode> add = model.producerOf(sqrt.input(0)).filter(p -> p.opType().equals("Add"));
        if (add.isEmpty()) {
            return Optional.empty();
        }
        Optional<double[]> eps = constant(add.get().input(1)).or(() -> constant(add.get().input(0)));
        Optional<OnnxNode> div = single(sqrt.outputs().getFirst(), "Div");
        Optional<OnnxNode> mul = div.flatMap(d -> single(d.outputs().getFirst(), "Mul"));
        Optional<OnnxNode> addBeta = mul.flatMap(m -> single(m.outputs().getFirst(), "Add"));
        if (eps.isEmpty() || eps.get().length != 1 || addBeta.isEmpty()) {
            return Optional.empty();
        }
        OnnxTensor gamma = otherInitializer(mul.get(), div.get().outputs().getFirst())
                .orElseThrow(() -> structure("the LayerNorm at '" + sqrt.name() + "' does not multiply by a gamma initializer"));
        OnnxTensor beta = otherInitializer(addBeta.get(), mul.get().outputs().getFirst())
                .orElseThrow(() -> structure("the LayerNorm at '" + sqrt.name() + "' does not add a beta initializer"));
        return Optional.of(new Norm(gamma, beta, eps.get()[0]));
    }

    private Optional<OnnxTensor> otherInitializer(OnnxNode node, String input) {
        String other = node.input(0).equals(input) ? node.input(1) : node.input(0);
        return model.initializer(other);
    }

    private Optional<OnnxNode> single(String value, String opType) {
        List<OnnxNode> c = model.consumers(value);
        return c.size() == 1 && c.getFirst().opType().equals(opType) ? Optional.of(c.getFirst()) : Optional.empty();
    }

    /** Orders three linears as query, key, value by where their outputs enter the attention products. */
    private Linear[] attentionRoles(Linear a, Linear b, Linear c, int layer) {
        Linear[] in = {a, b, c};
        Linear[] out = new Linear[3];
        for (Linear lin : in) {
            OnnxNode[] hit = new OnnxNode[1];
            int slot = followViews(lin.output(), hit);
            OnnxNode product = hit[0];
            boolean scores = leadsToSoftmax(product.outputs().getFirst());
            int role = scores ? slot : (slot == 1 ? 2 : -1); // scores: input 0 = query, 1 = key; context: input 1 = value
            if (role < 0 || out[role] != null) {
                throw structure("layer " + layer + ": cannot tell query, key and value apart (linear '" + lin.weight().name() + "' enters MatMul '"
                        + product.name() + "' at input " + slot + ")");
            }
            out[role] = lin;
        }
        return out;
    }

    /** Follows a value through view ops (ignoring Shape reads) to the MatMul that consumes it; returns the input slot. */
    private int followViews(String value, OnnxNode[] matmul) {
        String v = value;
        for (int step = 0; step < 16; step++) {
            List<OnnxNode> users = model.consumers(v).stream().filter(n -> !n.opType().equals("Shape")).toList();
            if (users.size() != 1) {
                break;
            }
            OnnxNode u = users.getFirst();
            if (u.opType().equals("MatMul")) {
                matmul[0] = u;
                return u.input(0).equals(v) ? 0 : 1;
            }
            if (!VIEW_OPS.contains(u.opType()) || !u.input(0).equals(v)) {
                break;
            }
            v = u.outputs().getFirst();
        }
        throw structure("the projection '" + value + "' does not reach an attention MatMul through Reshape/Transpose only");
    }

    private boolean leadsToSoftmax(String value) {
        String v = value;
        for (int step = 0; step < 4; step++) {
            List<OnnxNode> users = model.consumers(v);
            if (users.size() != 1) {
                return false;
            }
            if (users.getFirst().opType().equals("Softmax")) {
                return true;
            }
            v = users.getFirst().outputs().getFirst();
        }
        return false;
    }

    private int heads(Linear query, int layer) {
        List<OnnxNode> users = model.consumers(query.output()).stream().filter(n -> n.opType().equals("Reshape")).toList();
        if (users.size() != 1) {
            throw structure("layer " + layer + ": the query is not split into heads by one Reshape");
        }
        long[] shape = shapeValues(users.getFirst().input(1));
        if (shape.length != 4 || shape[2] <= 0) {
            throw structure("layer " + layer + ": the query's head-splitting Reshape has target shape " + Arrays.toString(shape)
                    + "; expected [batch, sequence, heads, head size] with a constant head count");
        }
        return Math.toIntExact(shape[2]);
    }

    /** Values of a shape operand: from a constant, or from a Concat of constants and runtime dims (-1 for those). */
    private long[] shapeValues(String name) {
        Optional<double[]> direct = constant(name);
        if (direct.isPresent()) {
            return Arrays.stream(direct.get()).mapToLong(d -> (long) d).toArray();
        }
        OnnxNode concat = model.producerOf(name).filter(p -> p.opType().equals("Concat"))
                .orElseThrow(() -> structure("the shape '" + name + "' is neither a constant nor a Concat"));
        return concat.inputs().stream().mapToLong(in -> constant(in).filter(v -> v.length == 1).map(v -> (long) v[0]).orElse(-1L)).toArray();
    }

    private double scoreScale(Linear query, int layer) {
        OnnxNode[] hit = new OnnxNode[1];
        followViews(query.output(), hit);
        List<OnnxNode> users = model.consumers(hit[0].outputs().getFirst());
        if (users.size() == 1 && (users.getFirst().opType().equals("Div") || users.getFirst().opType().equals("Mul"))) {
            OnnxNode op = users.getFirst();
            double[] c = constant(op.input(1)).filter(v -> v.length == 1)
                    .orElseThrow(() -> structure("layer " + layer + ": the attention scores are scaled by a non-constant"));
            return op.opType().equals("Div") ? 1 / c[0] : c[0];
        }
        throw structure("layer " + layer + ": expected the attention scores to be divided (or multiplied) by a constant");
    }

    private UnaryOp activation(Linear intermediate, Linear output, int layer) {
        List<OnnxNode> nodes = model.nodes();
        int from = nodes.indexOf(model.producerOf(intermediate.output()).orElseThrow());
        int to = nodes.indexOf(model.consumers(output.weight().name()).getFirst());
        Set<String> ops = new java.util.TreeSet<>();
        for (int i = from + 1; i < to; i++) {
            ops.add(nodes.get(i).opType());
        }
        if (ops.contains("Erf")) {
            return UnaryOp.GELU_ERF;
        }
        if (ops.contains("Gelu")) {
            OnnxNode g = nodes.subList(from + 1, to).stream().filter(n -> n.opType().equals("Gelu")).findFirst().orElseThrow();
            return g.attributes().containsKey("approximate") && g.attributes().get("approximate").s().equals("tanh") ? UnaryOp.GELU_TANH : UnaryOp.GELU_ERF;
        }
        if (ops.contains("Tanh") && ops.contains("Pow")) {
            return UnaryOp.GELU_TANH;
        }
        if (ops.equals(Set.of("Relu"))) {
            return UnaryOp.RELU;
        }
        throw structure("layer " + layer + ": the feed-forward activation uses ops " + ops + "; supported: GELU (Erf or Gelu), GELU tanh, ReLU");
    }

    /** The values of a small constant (an initializer or a Constant node's value), as doubles. */
    private Optional<double[]> constant(String name) {
        Optional<OnnxTensor> t = model.initializer(name).or(() -> model.producerOf(name)
                .filter(p -> p.opType().equals("Constant") && p.attributes().containsKey("value"))
                .flatMap(p -> p.attributes().get("value").t()));
        if (t.isEmpty() || t.get().numel() > 16) {
            return Optional.empty();
        }
        try (MemoryScope scope = MemoryScope.confined()) {
            return Optional.of(t.get().copyTo(scope).toDoubleArray());
        }
    }

    private static String describe(List<Object> events) {
        StringBuilder sb = new StringBuilder();
        for (Object e : events) {
            sb.append(e instanceof Linear ? 'L' : 'N');
        }
        return events.size() + " steps " + sb;
    }

    private AccelException structure(String message) {
        return new AccelException(ErrorCode.UNSUPPORTED, source + ": not the BERT encoder structure this engine runs: " + message);
    }
}
