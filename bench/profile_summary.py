"""Summarise a py-spy profile of a benchmark run: where the time of one phase goes.

py-spy samples the running process without slowing it much (cProfile, run.py --profile, slows
Python-heavy code two to five times and so distorts the picture). Record a run, then summarise:

    py-spy record --subprocesses --format raw -o /tmp/spy.txt -- .venv/bin/python bench/run.py
    .venv/bin/python bench/profile_summary.py /tmp/spy.txt schedule_everyone --process "--label sqlite"

The second argument names a function of the phase (import_turnus_file, schedule_everyone,
replan_after_change, import_staff); the table shows, for the functions below it, the share of
that phase's samples in which each one is on the stack (inclusive), and the share where it is
the innermost project or library frame that was running (self).
"""
import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.+?) \((?P<where>[^()]*)\)$")


def frames(line: str) -> tuple[list[str], int]:
    """The stack (outermost first) and the sample count of one line of py-spy's raw output."""
    stack, count = line.rsplit(" ", 1)
    names = []
    for part in stack.split(";"):
        match = FRAME.match(part)
        if match:
            where = re.sub(r"^.*site-packages/", "", match["where"])
            names.append(f"{match['function']} ({re.sub(r':[0-9]+$', '', where)})")
    return names, int(count)


def summarise(path: Path, phase: str, top: int, without: str | None = None, process: str | None = None) -> None:
    inclusive, innermost, total, left_out = Counter(), Counter(), 0, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if process and process not in line.split(";<module>", 1)[0]:
            continue  # another process (py-spy --subprocesses names each one's command line)
        stack, count = frames(line)
        start = next((i for i, name in enumerate(stack) if name.startswith(phase + " ")), None)
        if start is None:
            continue
        below = stack[start:]
        if without and any(name.startswith(without + " ") for name in below):
            left_out += count
            continue
        total += count
        for name in set(below):
            inclusive[name] += count
        innermost[below[-1]] += count
    if not total:
        raise SystemExit(f"no samples under {phase}")
    print(f"{phase}: {total} samples (py-spy samples 100 times a second by default)"
          + (f"; {left_out} more under {without} left out" if without else ""))
    print(f"{'inclusive':>9} {'self':>6}  function")
    for name, count in inclusive.most_common(top):
        print(f"{100 * count / total:8.1f}% {100 * innermost[name] / total:5.1f}%  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path, help="py-spy --format raw output")
    parser.add_argument("phase", help="a function of the phase, e.g. schedule_everyone")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--without", metavar="FUNCTION", help="leave out the samples under this function")
    parser.add_argument("--process", metavar="TEXT",
                        help="only processes whose command line holds this, e.g. '--label sqlite'")
    args = parser.parse_args()
    summarise(args.profile, args.phase, args.top, args.without, args.process)


if __name__ == "__main__":
    main()
