"""Coverage-guided fuzzing of the webhook's parsers with atheris (libFuzzer). Optional: `tox -e atheris`.

    python -m tools.fuzz TARGET [--seconds N] [--runs N] [--seed N] [--workdir DIR]
    python -m tools.fuzz TARGET --replay [FILE ...]

TARGET is one of `jsonparse` (fintech_common.jsonparse.loads), `money` (the amount checks) or
`signature` (the WH-12 header check); each asserts the documented outcome for any input
(tools/fuzz/targets). A run starts from the seed corpus in tools/fuzz/corpus/TARGET, mutates
with the tokens in tools/fuzz/dictionaries/TARGET.dict and keeps what it finds in WORKDIR/corpus
(default reports/fuzz/TARGET); a failing input is written to WORKDIR as crash-<sha1> and the
run exits non-zero. `--seconds` (default 60) and `--runs` bound the run; libFuzzer prints exec/s
and coverage (`cov:` edges, `ft:` features) as it goes and a summary at the end.

`--replay` needs no atheris: it runs the target's check on the given files, or on the seeds and
the working corpus, and exits 1 if any fails (reproduce a crash, or measure line coverage with
`coverage run -m tools.fuzz TARGET --replay`).

atheris ships binary wheels only for some platforms (3.0.0: CPython 3.11 on Linux x86_64);
elsewhere pip builds it from source, which needs clang and libFuzzer. requirements-atheris.txt
therefore refuses source builds.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parent / "corpus"
DICTIONARIES = Path(__file__).resolve().parent / "dictionaries"
TARGETS = ("jsonparse", "money", "signature")


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--seconds", type=int, default=60, help="time budget (libFuzzer -max_total_time)")
    parser.add_argument("--runs", type=int, help="iteration budget (libFuzzer -runs)")
    parser.add_argument("--seed", type=int, help="random seed, for a reproducible run")
    parser.add_argument("--workdir", type=Path, help="where new corpus entries and crashes go")
    parser.add_argument("--replay", action="store_true", help="run the check on files instead of fuzzing")
    parser.add_argument(
        "files", nargs="*", type=Path, help="with --replay: the inputs (default: all corpora)"
    )
    return parser.parse_intermixed_args(argv)


def _target(name: str, instrument: Callable[..., AbstractContextManager[object]] | None = None) -> ModuleType:
    """The target module; imported under atheris' instrumentation when `instrument` is given."""
    if str(ROOT / "lambdas") not in sys.path:
        sys.path.insert(0, str(ROOT / "lambdas"))
    module_name = f"tools.fuzz.targets.{name}"
    if instrument is None:
        return importlib.import_module(module_name)
    with instrument(include=["fintech_common", "webhook_handler", module_name]):
        return importlib.import_module(module_name)


def _inputs(directories: Iterable[Path]) -> list[Path]:
    return sorted(path for directory in directories if directory.is_dir() for path in directory.iterdir())


def replay(target: ModuleType, files: list[Path]) -> int:
    failures = 0
    for path in files:
        try:
            target.check(path.read_bytes())
        except Exception:
            failures += 1
            print(f"FAIL {path}", file=sys.stderr)
            traceback.print_exc()
    print(f"replayed {len(files)} inputs, {failures} failed")
    return 1 if failures else 0


def fuzz(args: argparse.Namespace, workdir: Path) -> int:
    try:
        import atheris  # type: ignore[import-untyped]
    except ImportError:
        print(
            "atheris is not installed: pip install -r requirements-atheris.txt (binary wheels only)",
            file=sys.stderr,
        )
        return 2
    target = _target(args.target, atheris.instrument_imports)
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    options = [
        f"-max_total_time={args.seconds}",
        f"-max_len={target.MAX_LEN}",
        f"-artifact_prefix={workdir}/",
        "-print_final_stats=1",
        f"-dict={DICTIONARIES / args.target}.dict",
        *([f"-runs={args.runs}"] if args.runs is not None else []),
        *([f"-seed={args.seed}"] if args.seed is not None else []),
    ]
    # libFuzzer writes new inputs to the first corpus directory and only reads the others
    atheris.Setup([sys.argv[0], *options, str(corpus), str(SEEDS / args.target)], target.check)
    atheris.Fuzz()  # exits the process when the budget is spent or a check fails
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    workdir = (args.workdir or ROOT / "reports" / "fuzz" / args.target).resolve()
    if args.replay:
        files = args.files or _inputs([SEEDS / args.target, workdir / "corpus"])
        return replay(_target(args.target), files)
    return fuzz(args, workdir)


if __name__ == "__main__":
    sys.exit(main())
