#!/usr/bin/env python3
"""PyTorch anchor for Accel's CUDA benchmarks, written as JMH JSON so that the benchmark report reads it.

Measures on the current CUDA device, timing each batch of operations with CUDA events:
  uploadPinned    host-to-device copy of 1 GiB from pinned (page-locked) host memory      -> bytes/s
  uploadPageable  the same from ordinary (pageable) host memory                            -> bytes/s
  gemmBf16        bf16 GEMM, m = n = k = 8192 (torch.mm)                                   -> FLOP/s (2 m n k)
  addF32          f32 a + b into a preallocated out, 1 GiB per operand (read 2, write 1)   -> bytes/s
  launch          an empty kernel launch (a 1-element tensor add), averaged over a batch   -> microseconds

Each result is one JMH-format entry, benchmark "dev.accel.jmh.TorchCudaAnchor.<name>": a primary score
(ops/s, or us/op for launch) and a secondary metric in the unit people compare ("bytes" or "flop", as a rate),
with JMH's error: the half-width of the 99.9 % confidence interval, Student's t over the measured iterations.
Usage: python3 cuda_anchor.py --out docs/benchmarks/YYYY-MM-DD-cuda-torch.json [--iterations 10] [--warmup 3]
       python3 cuda_anchor.py --self-test     (checks the statistics and the JSON writer; needs no GPU)
Exits with status 2 and the reason when PyTorch or a CUDA device is missing.
"""
import argparse
import json
import math
import sys

GIB = 1 << 30
# Student's t quantile at 0.9995 (two-sided 99.9 %) for 1..30 degrees of freedom, as JMH uses; normal beyond.
T_9995 = [636.619, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221,
          4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690,
          3.674, 3.659, 3.646]


def mean_and_error(samples):
    """Mean and the half-width of its 99.9 % confidence interval ("NaN" with one sample, as JMH writes it)."""
    n = len(samples)
    if n == 0:
        raise ValueError("no samples")
    mean = sum(samples) / n
    if n == 1:
        return mean, "NaN"
    var = sum((x - mean) ** 2 for x in samples) / (n - 1)
    t = T_9995[n - 2] if n - 1 <= len(T_9995) else 3.291
    return mean, t * math.sqrt(var / n)


def metric(samples, unit):
    score, error = mean_and_error(samples)
    return {"score": score, "scoreError": error, "scoreUnit": unit,
            "scoreConfidence": [score - error, score + error] if error != "NaN" else [score, score],
            "rawData": [list(samples)]}


def entry(name, mode, primary, secondary, iterations, warmup, device, torch_version):
    return {
        "jmhVersion": "cuda_anchor.py (JMH format)",
        "benchmark": "dev.accel.jmh.TorchCudaAnchor." + name,
        "mode": mode, "threads": 1, "forks": 1,
        "jvm": "python3 " + sys.version.split()[0], "jvmArgs": [], "jdkVersion": "",
        "vmName": "PyTorch " + torch_version, "vmVersion": device,
        "warmupIterations": warmup, "warmupTime": "", "warmupBatchSize": 1,
        "measurementIterations": iterations, "measurementTime": "", "measurementBatchSize": 1,
        "params": {},
        "primaryMetric": primary,
        "secondaryMetrics": secondary,
    }


def measure(torch, fn, ops_per_batch, iterations, warmup):
    """Seconds per operation for each measured batch (CUDA events around ops_per_batch calls of fn)."""
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    for _ in range(warmup):
        for _ in range(ops_per_batch):
            fn()
    torch.cuda.synchronize()
    seconds = []
    for _ in range(iterations):
        start.record()
        for _ in range(ops_per_batch):
            fn()
        end.record()
        end.synchronize()
        seconds.append(start.elapsed_time(end) / 1000.0 / ops_per_batch)
    return seconds


def run(args):
    try:
        import torch
    except ImportError:
        print("cuda_anchor.py: PyTorch is not installed (pip install torch); nothing measured", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("cuda_anchor.py: no CUDA device visible to PyTorch; nothing measured", file=sys.stderr)
        return 2
    dev = torch.device("cuda")
    device = torch.cuda.get_device_name(dev)
    it, wu = args.iterations, args.warmup
    results = []

    def rate(name, seconds, amount, metric_name):
        per_s = [1.0 / s for s in seconds]
        results.append(entry(name, "thrpt", metric(per_s, "ops/s"),
                             {metric_name: metric([amount * p for p in per_s], "ops/s")}, it, wu, device,
                             torch.__version__))

    size = args.upload_bytes
    dst = torch.empty(size, dtype=torch.uint8, device=dev)
    pinned = torch.empty(size, dtype=torch.uint8, pin_memory=True)
    pinned.fill_(1)
    rate("uploadPinned", measure(torch, lambda: dst.copy_(pinned, non_blocking=True), 1, it, wu), size, "bytes")
    del pinned
    pageable = torch.ones(size, dtype=torch.uint8)
    rate("uploadPageable", measure(torch, lambda: dst.copy_(pageable), 1, it, wu), size, "bytes")
    del pageable, dst

    n = args.gemm_n
    a = torch.randn(n, n, device=dev, dtype=torch.bfloat16)
    b = torch.randn(n, n, device=dev, dtype=torch.bfloat16)
    c = torch.empty(n, n, device=dev, dtype=torch.bfloat16)
    rate("gemmBf16", measure(torch, lambda: torch.mm(a, b, out=c), 5, it, wu), 2.0 * n * n * n, "flop")
    del a, b, c

    elements = args.add_bytes // 4
    x = torch.rand(elements, device=dev, dtype=torch.float32)
    y = torch.rand(elements, device=dev, dtype=torch.float32)
    out = torch.empty_like(x)
    rate("addF32", measure(torch, lambda: torch.add(x, y, out=out), 5, it, wu), 12.0 * elements, "bytes")
    del x, y, out

    one = torch.zeros(1, device=dev)
    launches = measure(torch, lambda: one.add_(1.0), 10000, it, wu)
    results.append(entry("launch", "avgt", metric([s * 1e6 for s in launches], "us/op"), {}, it, wu, device,
                         torch.__version__))

    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
    print("cuda_anchor.py: %d results on %s written to %s" % (len(results), device, args.out), file=sys.stderr)
    return 0


def self_test():
    mean, err = mean_and_error([1.0, 2.0, 3.0])
    assert mean == 2.0, mean
    assert abs(err - 31.599 * 1.0 / math.sqrt(3)) < 1e-9, err
    assert mean_and_error([5.0]) == (5.0, "NaN")
    e = entry("launch", "avgt", metric([4.0, 6.0], "us/op"), {}, 2, 1, "Test GPU", "0.0")
    doc = json.loads(json.dumps([e]))
    assert doc[0]["benchmark"] == "dev.accel.jmh.TorchCudaAnchor.launch"
    assert doc[0]["primaryMetric"]["score"] == 5.0 and doc[0]["forks"] == 1
    print("cuda_anchor.py: self-test passed", file=sys.stderr)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", help="JSON file to write (JMH format)")
    p.add_argument("--iterations", type=int, default=10, help="measured iterations per benchmark (default 10)")
    p.add_argument("--warmup", type=int, default=3, help="warm-up iterations per benchmark (default 3)")
    p.add_argument("--upload-bytes", type=int, default=GIB, help="bytes per upload (default 1 GiB)")
    p.add_argument("--gemm-n", type=int, default=8192, help="GEMM size m = n = k (default 8192)")
    p.add_argument("--add-bytes", type=int, default=GIB, help="bytes per add operand (default 1 GiB)")
    p.add_argument("--self-test", action="store_true", help="check the statistics and JSON writer, no GPU needed")
    args = p.parse_args()
    if args.self_test:
        return self_test()
    if not args.out:
        p.error("--out FILE is required")
    if args.iterations < 2 or args.warmup < 0:
        p.error("--iterations must be at least 2 (an error bar needs two), --warmup at least 0")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
