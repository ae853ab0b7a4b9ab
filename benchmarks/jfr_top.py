"""Sums up Java Flight Recorder execution samples: the methods that take the most samples, as the leaf (self) and
anywhere on the stack (inclusive), in percent of the samples that pass through --within (by default the token
endpoint). Reads the recordings with the JDK's `jfr print --events jdk.ExecutionSample`, streaming its text.

  python3 benchmarks/jfr_top.py providers/target/benchmarks/jfr/1000-bench-tenancy-*.jfr
  python3 benchmarks/jfr_top.py --below OrganizationMembershipMapper.setClaim FILES...   what that frame calls

Recordings of `benchmarks/run tokens-load --jfr DIR` are named N-REALM-ROUND.jfr."""

import argparse
import collections
import re
import subprocess
import sys


def samples(path):
    """Each sample's stack as a list of 'Class.method' names, leaf first. Reads `jfr print`'s text a line at a time:
    a recording of tens of megabytes is gigabytes of JSON, which must not be held in memory at once."""
    command = ["jfr", "print", "--stack-depth", "512", "--events", "jdk.ExecutionSample", path]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as jfr:
        stack = None
        for line in jfr.stdout:
            line = line.strip()
            if line.startswith("stackTrace = ["):
                stack = []
            elif stack is not None and line == "]":
                yield stack
                stack = None
            elif stack is not None and "(" in line:
                # "org.keycloak.Foo.bar(String, int) line: 12": the frame's class and method
                stack.append(line[:line.index("(")])
        if jfr.wait() != 0:
            raise subprocess.CalledProcessError(jfr.returncode, command)


def short(method):
    """Class.method without the package."""
    class_name, name = method.rsplit(".", 1)
    return f'{class_name.rsplit(".", 1)[-1]}.{name}'


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--within", default="TokenEndpoint.processGrantRequest",
                        help="count only samples with this frame on the stack (default: the token endpoint)")
    parser.add_argument("--below", help="show what this frame (Class.method) spends its samples in")
    parser.add_argument("--only", default=r"^(org\.keycloak|dev\.keycloaktenancy)\.",
                        help="regular expression: list only these methods as inclusive (default: Keycloak's and "
                             "the pack's); the self list shows all")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    only = re.compile(args.only)
    total, within = 0, 0
    inclusive, leaf, callees = collections.Counter(), collections.Counter(), collections.Counter()
    below = 0
    for path in args.files:
        for stack in samples(path):
            total += 1
            stack = [short(m) if not only.search(m) else m for m in stack]
            if args.within and not any(m.endswith(args.within) for m in stack):
                continue
            within += 1
            leaf[stack[0]] += 1
            inclusive.update(set(stack))
            if args.below and any(m.endswith(args.below) for m in stack):
                below += 1
                i = next(i for i, m in enumerate(stack) if m.endswith(args.below))
                if i > 0:
                    callees[stack[i - 1]] += 1
    print(f"{total} samples, {within} within {args.within}")
    if not within:
        return 1
    print(f"\ninclusive (on the stack), % of {within}:")
    listed = [(m, n) for m, n in inclusive.most_common() if only.search(m)][:args.top]
    for method, n in listed:
        print(f"  {100 * n / within:5.1f}  {short(method)}")
    print(f"\nself (leaf), % of {within}:")
    for method, n in leaf.most_common(args.top):
        print(f"  {100 * n / within:5.1f}  {short(method) if only.search(method) else method}")
    if args.below:
        print(f"\n{args.below}: {below} samples ({100 * below / within:.1f}%); direct callees, % of {within}:")
        for method, n in callees.most_common(args.top):
            print(f"  {100 * n / within:5.1f}  {short(method) if only.search(method) else method}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
