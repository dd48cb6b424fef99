#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The reference tables of Documentation/ against the source they describe.

  counters       design.rst "Counter" table  == SP_STAT() in shim/sp_debugfs.c
  parameters     design.rst "Parameter" table == module_param*() of shim/*.c
  notifications  api-mapping.rst rows "``Name`` (N)" == SCSI_NOTIFICATION_TYPE
                 of shim/include/srb.h, and "Refused" exactly for the types
                 sp_notify() (ScsiPortNotification) has no case for
  kunit-cases    testing.rst "Case" tables == KUNIT_CASE*() of kunit/*.c

Prints one line per check ("ok NAME" or "drift NAME: ...") and exits 1 on
any drift.  Usage: tools/doccheck.py [ROOT]
"""
import re
import sys
from pathlib import Path

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)


def read(rel):
    return (ROOT / rel).read_text()


def rst_table(text, header, second=None):
    """The first-column entries of the list-table whose header cells start
    with HEADER (and SECOND): every ``name`` in a "   * - " line, until the
    table ends."""
    names, rows, inside = set(), [], False
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not inside:
            inside = line.strip() == "* - " + header and (
                second is None or lines[i + 1].strip() == "- " + second)
            continue
        if line.startswith("   * - "):
            cell = line[len("   * - "):]
            rows.append(cell)
            names.update(re.findall(r"``([A-Za-z_0-9]+)``", cell))
        elif line and not line.startswith(" "):
            break
    return names, rows


def rst_tables(text, header, second):
    """rst_table() over every table with these two header cells."""
    names, lines = set(), text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == "* - " + header and lines[i + 1].strip() == "- " + second:
            n, _ = rst_table("\n".join(lines[i:]), header, second)
            names |= n
    return names


def report(name, missing, extra, what):
    if not missing and not extra:
        print(f"ok {name}")
        return True
    parts = []
    if missing:
        parts.append(f"{what} not in the table: {', '.join(sorted(missing))}")
    if extra:
        parts.append(f"in the table, not in the source: {', '.join(sorted(extra))}")
    print(f"drift {name}: " + "; ".join(parts))
    return False


def counters():
    src = set(re.findall(r"^\s*SP_STAT\((\w+)\);", read("shim/sp_debugfs.c"), re.M))
    doc, _ = rst_table(read("Documentation/design.rst"), "Counter")
    return report("counters", src - doc, doc - src, "counters")


def parameters():
    src = set()
    for f in sorted((ROOT / "shim").glob("*.c")):
        if f.name == "sp_modglue.c":	# a miniport module's own, documented apart
            continue
        for m in re.finditer(r"module_param(?:_named|_cb)?\((\w+)", f.read_text()):
            src.add(m.group(1))
    doc, _ = rst_table(read("Documentation/design.rst"), "Name", "Type, mode")
    return report("parameters", src - doc, doc - src, "parameters")


def notifications():
    srb = read("shim/include/srb.h")
    body = re.search(r"enum _SCSI_NOTIFICATION_TYPE \{(.*?)\}", srb, re.S).group(1)
    enum = {n: int(v) for n, v in re.findall(r"(\w+)\s*=\s*(\d+)", body)}
    notify = read("shim/sp_notify.c")
    # the switch of sp_notify(), which both conventions' entries call
    fn = notify[notify.index("void sp_notify("):]
    fn = fn[:fn.index("\n}\n")]
    handled = set(re.findall(r"^\tcase (\w+):", fn, re.M))
    text = read("Documentation/api-mapping.rst")
    rows = {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"   \* - ``(\w+)`` \((\d+)\)$", line)
        if m:
            # the row: up to the next row
            j = i + 1
            while j < len(lines) and not lines[j].startswith("   * - ``"):
                if lines[j] and not lines[j].startswith(" "):
                    break
                j += 1
            # its third cell: what the shim does
            cells = " ".join(lines[i:j]).split("     - ")
            rows[m.group(1)] = (int(m.group(2)), cells[2] if len(cells) > 2 else "")
    ok = report("notifications", set(enum) - set(rows), set(rows) - set(enum), "types")
    for n, v in sorted(enum.items(), key=lambda kv: kv[1]):
        if n not in rows:
            continue
        dv, row = rows[n]
        if dv != v:
            print(f"drift notifications: {n} is {v}, the table says {dv}")
            ok = False
        refused = row.lstrip().startswith("Refused")
        if refused == (n in handled):
            print(f"drift notifications: {n} is {'handled' if n in handled else 'refused'} by ScsiPortNotification, the table says {'refused' if refused else 'handled'}")
            ok = False
    return ok


def kunit_cases():
    src = set()
    for f in sorted((ROOT / "kunit").glob("*.c")):
        src |= set(re.findall(r"KUNIT_CASE\w*\(\s*(\w+)", f.read_text()))
    doc = rst_tables(read("Documentation/testing.rst"), "Case", "Checks")
    return report("kunit-cases", src - doc, doc - src, "KUnit cases")


if __name__ == "__main__":
    results = [counters(), parameters(), notifications(), kunit_cases()]
    sys.exit(0 if all(results) else 1)
