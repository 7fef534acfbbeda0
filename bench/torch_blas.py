#!/usr/bin/python3
"""Which BLAS Debian's PyTorch runs on, and an OpenBLAS kernel matched to this CPU.

Debian's python3-torch 1.13 is built against the generic BLAS interface (`torch.__config__.show()`
says BLAS_INFO=generic): its matrix products run on whatever the `libblas.so.3` alternative points
to. Without OpenBLAS that is the reference BLAS, about 25 times slower than an optimised one on the
three linear layers of LeNet, so a ratio against it measures the BLAS, not bnlab. With OpenBLAS,
older builds (Debian 12's 0.3.21) do not recognise every recent CPU and fall back to a generic
kernel; `OPENBLAS_CORETYPE`, read once when the library loads, picks the kernel instead.

As a module (bench/pytorch_reference.py): `configure()` before numpy or torch is imported, then
`import_torch()`, `blas_info()`, `require_openblas()`. As a script, a report and a sanity check:

  /usr/bin/python3 bench/torch_blas.py            # the BLAS PyTorch loaded and its kernel
  /usr/bin/python3 bench/torch_blas.py --sgemm    # and 1024^3 sgemm GFLOP/s, matched kernel
                                                  # against OpenBLAS's own detection
"""
import argparse
import ctypes
import json
import os
import re
import subprocess
import sys
import time

CORETYPE = "OPENBLAS_CORETYPE"
INSTALL_TORCH = "sudo apt-get install python3-torch python3-torchvision"
INSTALL_OPENBLAS = "sudo apt-get install libopenblas0-pthread"
ALTERNATIVE = "libblas.so.3-x86_64-linux-gnu"


def matched_coretype(cpuinfo):
    """The OpenBLAS kernel for the CPU flags in /proc/cpuinfo's text: SkylakeX where avx512f is
    present, Haswell where only avx2 is, None otherwise (OpenBLAS's own detection then)."""
    match = re.search(r"^flags\s*:(.*)$", cpuinfo, re.MULTILINE)
    flags = set(match.group(1).split()) if match else set()
    if "avx512f" in flags:
        return "SkylakeX"
    if "avx2" in flags:
        return "Haswell"
    return None


def configure(environ=os.environ, cpuinfo_path="/proc/cpuinfo"):
    """Sets OPENBLAS_CORETYPE to the kernel matched to this CPU unless it is set already. Must run
    before anything loads OpenBLAS (numpy, torch). Returns a phrase saying where the value came
    from, for the report."""
    if environ.get(CORETYPE):
        return f"{CORETYPE}={environ[CORETYPE]}, set by the user"
    try:
        with open(cpuinfo_path) as f:
            core = matched_coretype(f.read())
    except OSError:
        core = None
    if core is None:
        return f"{CORETYPE} unset: no avx2 or avx512f flag, OpenBLAS's own detection"
    environ[CORETYPE] = core
    flag = "avx512f" if core == "SkylakeX" else "avx2"
    return f"{CORETYPE}={core}, matched to the CPU's {flag}"


def die(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def import_torch():
    """torch, or an exit naming the package to install."""
    try:
        import torch
    except ImportError as e:
        die(f"PyTorch cannot be imported by {sys.executable} ({e}); install Debian's: {INSTALL_TORCH}")
    return torch


def blas_libraries(paths):
    """The BLAS libraries among the mapped files' paths, one a line, each once."""
    found = []
    for path in paths.splitlines():
        if re.search(r"/lib(open)?blas[^/]*\.so", path) and path not in found:
            found.append(path)
    return found


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]


def sgemm_library(libraries):
    """The file whose sgemm_ PyTorch calls: the symbol as libtorch_cpu's dependencies resolve it
    (dlsym on its handle), located with dladdr; None if it cannot be found."""
    torch_cpu = [p for p in libraries if os.path.basename(p).startswith("libtorch_cpu.so")]
    handle = ctypes.CDLL(torch_cpu[0] if torch_cpu else None)  # already loaded: same instance
    try:
        address = ctypes.cast(handle.sgemm_, ctypes.c_void_p).value
    except AttributeError:
        return None
    found = _DlInfo()
    if not ctypes.CDLL(None).dladdr(ctypes.c_void_p(address), ctypes.byref(found)):
        return None
    return os.path.realpath(found.dli_fname.decode())


def blas_info(torch, how=""):
    """What this process's PyTorch runs its matrix products on: its build's BLAS_INFO, the BLAS
    libraries mapped, the one its sgemm_ comes from and, for OpenBLAS, its kernel
    (openblas_get_corename), build (openblas_get_config) and threads."""
    with open("/proc/self/maps") as f:
        mapped = [line.split()[-1] for line in f if line.count("/") and ".so" in line]
    built = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    library = sgemm_library(mapped)
    info = {"torchBlasInfo": built.group(1) if built else "unknown",
            "libraries": blas_libraries("\n".join(mapped)), "sgemmFrom": library,
            "openblas": False, "coretype": how}
    lib = ctypes.CDLL(library) if library else None
    if lib is not None and hasattr(lib, "openblas_get_corename"):
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        info.update(openblas=True, kernel=lib.openblas_get_corename().decode(),
                    config=lib.openblas_get_config().decode(),
                    threads=lib.openblas_get_num_threads())
    return info


def set_blas_threads(info, threads):
    """Gives OpenBLAS's own thread pool `threads` threads, so that "equal threads" covers the matrix
    products too (torch.set_num_threads does not reach it)."""
    if info["openblas"]:
        ctypes.CDLL(info["sgemmFrom"]).openblas_set_num_threads(threads)
        info["threads"] = threads


def describe(info):
    """One line naming the BLAS library and kernel."""
    built = f"BLAS (PyTorch built with BLAS_INFO={info['torchBlasInfo']}): sgemm from {info['sgemmFrom']}"
    if not info["openblas"]:
        return f"{built}, not OpenBLAS"
    return (f"{built}, {info['config']}, kernel {info['kernel']} ({info['coretype']}), "
            f"{info['threads']} BLAS thread(s)")


def require_openblas(info):
    """Exits, saying why and what to install, unless PyTorch runs on OpenBLAS."""
    if not info["openblas"]:
        found = info["sgemmFrom"] or "an unknown library (no sgemm_ found)"
        die("refusing to measure PyTorch: its matrix products do not run on OpenBLAS but on " + found
            + ", most likely the reference BLAS, which makes its linear layers ~25x slower and any"
            + f" ratio against it meaningless. Install OpenBLAS: {INSTALL_OPENBLAS} (it becomes the"
            + f" libblas.so.3 alternative: update-alternatives --query {ALTERNATIVE})")


def sgemm_gflops(torch, n=1024, repeats=10):
    """GFLOP/s of an n x n x n float32 matrix product (median of `repeats` after 2 warm-up)."""
    a, b = torch.rand(n, n), torch.rand(n, n)
    times = []
    for r in range(repeats + 2):
        t0 = time.perf_counter()
        torch.mm(a, b)
        if r >= 2:
            times.append(time.perf_counter() - t0)
    times.sort()
    return 2 * n ** 3 / times[len(times) // 2] / 1e9


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sgemm", action="store_true",
                   help="also time a 1024^3 sgemm with the matched kernel and with OpenBLAS's own detection")
    p.add_argument("--threads", type=int, default=0, help="PyTorch and OpenBLAS threads (default: theirs)")
    p.add_argument("--detected", action="store_true",
                   help="leave OPENBLAS_CORETYPE unset (OpenBLAS's own detection) and print one JSON line")
    args = p.parse_args()
    if args.detected:
        os.environ.pop(CORETYPE, None)
        how = f"{CORETYPE} unset: OpenBLAS's own detection"
    else:
        how = configure()
    torch = import_torch()
    info = blas_info(torch, how)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
        set_blas_threads(info, args.threads)
    if args.detected:
        print(json.dumps(dict(info, gflops=sgemm_gflops(torch) if info["openblas"] else None)))
        return
    print(f"PyTorch {torch.__version__} at {torch.get_num_threads()} thread(s); {describe(info)}")
    require_openblas(info)
    if args.sgemm:
        matched = sgemm_gflops(torch)
        cmd = [sys.executable, os.path.abspath(__file__), "--detected"]
        if args.threads > 0:
            cmd += ["--threads", str(args.threads)]
        detected = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        print(f"sgemm 1024^3: {matched:.1f} GFLOP/s with kernel {info['kernel']} ({info['coretype']}); "
              f"{detected['gflops']:.1f} GFLOP/s with OpenBLAS's own detection (kernel {detected['kernel']})")


if __name__ == "__main__":
    main()
