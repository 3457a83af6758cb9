"""The test of {{module}}.py, without pytest: every case of tests.jsonl through `fnpulse invoke`, which runs the
function as the runtime does (its loader, its Python worker, the env carried from one call to the next), in order;
each call must come to the case's "expect" (the output, or null for none; numbers within 1e-9) or raise its "error"
(the exception's type).

    python3 test_{{module}}.py                 FNPULSE=/path/to/fnpulse for another fnpulse checkout
"""
import json
import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FNPULSE = os.environ.get("FNPULSE", os.path.join(HERE, "{{fnpulse}}"))
FUNCTION = os.path.join(HERE, "{{module}}.py")
CASES = os.path.join(HERE, "tests.jsonl")
FAILED = re.compile(r"^line (\d+): failed after [^:]*: (\w+): ([\w.]+)")


def main():
    with open(CASES, encoding="utf-8") as lines:
        cases = [json.loads(line) for line in lines if line.strip()]
    run = subprocess.run([FNPULSE, "invoke", FUNCTION, "-"], input="".join(json.dumps(case["input"]) + "\n"
                         for case in cases), capture_output=True, text=True)
    if run.returncode == 2:
        sys.exit("FAILED: fnpulse invoke could not run the function:\n" + run.stderr)
    outputs = run.stdout.splitlines()
    raised = {int(match.group(1)): (match.group(2), match.group(3))
              for match in map(FAILED.match, run.stderr.splitlines()) if match}
    failures = 0
    for number, case in enumerate(cases, 1):
        problem = check(case, outputs[number - 1] if number <= len(outputs) else None, raised.get(number))
        failures += problem is not None
        print("%s %2d %s%s" % ("FAIL" if problem else "ok  ", number, case.get("name", ""),
                              ": " + problem if problem else ""))
    if failures:
        print("\n" + run.stderr, file=sys.stderr)
        sys.exit("FAILED: %d of %d cases" % (failures, len(cases)))
    print("all %d cases pass" % len(cases))


def check(case, output, raised):
    """What is wrong with one call, or None."""
    if "error" in case:
        if raised is None:
            return "expected it to raise %s, but it returned %s" % (case["error"], output)
        return None if raised[1].split(".")[-1] == case["error"] else "raised %s instead of %s" % (raised[1],
                                                                                                    case["error"])
    if raised is not None:
        return "raised %s (%s): see the report below" % (raised[1], raised[0])
    actual = json.loads(output) if output is not None else None
    where = differs(case["expect"], actual, "output")
    return None if where is None else "%s: expected %s, got %s" % where


def differs(expected, actual, path):
    """(path, expected, actual) where the two first differ, or None; numbers are equal within 1e-9."""
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)) \
            and not isinstance(expected, bool) and not isinstance(actual, bool):
        return None if math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9) else (path, expected, actual)
    if isinstance(expected, dict) and isinstance(actual, dict) and expected.keys() == actual.keys():
        for key in expected:
            found = differs(expected[key], actual[key], "%s[%r]" % (path, key))
            if found:
                return found
        return None
    return None if expected == actual else (path, json.dumps(expected), json.dumps(actual))


if __name__ == "__main__":
    main()
