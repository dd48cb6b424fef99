#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Stack use of each entry point of a miniport built as Windows code.

usage: winabi-stack.py OBJECT SU-FILE > REPORT

OBJECT is the miniport's linked Windows-code object (before its imports are
renamed), SU-FILE the frame sizes clang's -fstack-usage wrote for it.  An
entry point is DriverEntry, any global function, and any function whose
address is taken (the Hw* routines a miniport puts in
HW_INITIALIZATION_DATA, its timer and callback routines).  Its stack use is
its frame plus the deepest chain of calls it makes inside the miniport,
each frame with its return address.  The shim's routines it calls are
kernel code and not counted.  A chain through a function pointer, or a
recursive one, cannot be bounded; the report says so.

Each line: entry point, bytes, the deepest chain, notes.  The kernel stack
is 16 KiB (Windows gives a miniport 24 KiB on x64): an entry point above
SP_WIN_STACK_WARN bytes (default 8192) is a warning on stderr.
"""
import os
import re
import subprocess
import sys


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True,
                          text=True).stdout


def functions(obj):
    """{name: (section index, start, size)} of the object's functions"""
    out = {}
    for line in run('readelf', '-sW', obj).splitlines():
        f = line.split()
        if len(f) == 8 and f[3] == 'FUNC' and f[6].isdigit():
            out[f[7]] = (int(f[6]), int(f[1], 16), int(f[2]))
    return out


def frames(su_file):
    """{name: bytes} from -fstack-usage output; 'dynamic' frames flagged"""
    size, dyn = {}, set()
    with open(su_file) as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if len(parts) < 3:
                continue
            name = parts[0].rsplit(':', 1)[-1]
            size[name] = max(size.get(name, 0), int(parts[1]))
            if parts[2].startswith('dynamic') and 'bounded' not in parts[2]:
                dyn.add(name)
    return size, dyn


def main():
    obj, su_file = sys.argv[1], sys.argv[2]
    warn = int(os.environ.get('SP_WIN_STACK_WARN', '8192'))
    funcs = functions(obj)
    text_ndx = {n for n, _, _ in funcs.values()}
    by_start = {(n, s): name for name, (n, s, _) in funcs.items()}
    # the section each relocation names by section symbol ('.text+0x170')
    sections = {}
    for line in run('readelf', '-SW', obj).splitlines():
        m = re.match(r'\s*\[\s*(\d+)\]\s+(\S+)', line)
        if m:
            sections[m.group(2)] = int(m.group(1))
    size, dyn = frames(su_file)

    def target(sym):
        """a relocation's symbol+addend as a function of ours, or None"""
        m = re.match(r'([^+-]+)([+-]0x[0-9a-f]+)?$', sym)
        if not m:
            return None
        name, add = m.group(1), int(m.group(2) or '0', 16)
        if name in funcs:
            return name
        n = sections.get(name)
        if n in text_ndx:
            return by_start.get((n, add))
        return None

    calls = {f: set() for f in funcs}
    ext = {f: set() for f in funcs}
    indirect = set()
    entries = {f for f in funcs if f == 'DriverEntry'}
    for line in run('readelf', '-sW', obj).splitlines():
        f = line.split()
        if len(f) == 8 and f[3] == 'FUNC' and f[4] == 'GLOBAL' and \
           f[6].isdigit():
            entries.add(f[7])

    cur, last_op = None, ''
    dis = run('objdump', '-drw', '--no-show-raw-insn', obj)
    for line in dis.splitlines():
        m = re.match(r'^[0-9a-f]+ <(.+)>:$', line)
        if m:
            cur = m.group(1) if m.group(1) in funcs else None
            continue
        if cur is None:
            continue
        m = re.match(r'^\s+[0-9a-f]+:\s+(R_X86_64_\w+)\s+(\S+)$', line)
        if m:
            sym = m.group(2)
            t = target(sym)
            if last_op in ('call', 'jmp'):
                if t:
                    calls[cur].add(t)
                else:
                    base = re.sub(r'[+-]0x[0-9a-f]+$', '', sym)
                    if base.startswith('__x86_indirect_thunk'):
                        indirect.add(cur)
                    elif base != '__x86_return_thunk':
                        ext[cur].add(base)
            elif t:
                entries.add(t)
            continue
        m = re.match(r'^\s+[0-9a-f]+:\s+(\S+)\s*(.*)$', line)
        if not m:
            continue
        op, args = m.group(1), m.group(2)
        last_op = 'call' if op.startswith('call') else \
            'jmp' if op.startswith('jmp') else op
        if last_op in ('call', 'jmp'):
            if args.startswith('*'):
                indirect.add(cur)
            d = re.search(r'<([^>+]+)>$', args)
            if d and d.group(1) in funcs and d.group(1) != cur:
                calls[cur].add(d.group(1))
        else:
            d = re.search(r'# [0-9a-f]+ <([^>+]+)>$', args)
            if d and d.group(1) in funcs:
                entries.add(d.group(1))
    # function pointers in data: relocations of the other sections
    sec = None
    for line in run('objdump', '-rw', obj).splitlines():
        m = re.match(r'RELOCATION RECORDS FOR \[(.+)\]:', line)
        if m:
            sec = m.group(1)
            continue
        f = line.split()
        if sec and not sec.startswith('.text') and len(f) == 3:
            t = target(f[2])
            if t:
                entries.add(t)

    memo = {}

    def depth(f, stack):
        """(bytes, chain, notes) of the deepest path from f"""
        if f in memo:
            return memo[f]
        if f in stack:
            return 0, [f], {'recursive'}
        notes = set()
        if f in indirect:
            notes.add('calls through a pointer')
        if f in dyn:
            notes.add('variable frame')
        if f not in size:
            notes.add('no frame size')
        best, chain = 0, []
        for c in sorted(calls[f]):
            b, ch, n = depth(c, stack | {f})
            notes |= n
            if b > best:
                best, chain = b, ch
        r = (size.get(f, 0) + 8 + best, [f] + chain, notes)
        memo[f] = r
        return r

    print('# entry point, stack bytes (frames and return addresses in the '
          'miniport; the shim routines it calls not counted), deepest chain')
    for e in sorted(entries):
        b, chain, notes = depth(e, frozenset())
        note = ' (' + ', '.join(sorted(notes)) + ')' if notes else ''
        print(f'{e}\t{b}\t{" > ".join(chain)}{note}')
        if b > warn:
            print(f'winabi-stack.py: warning: {e} may use {b} bytes of '
                  f'stack, more than {warn}', file=sys.stderr)


if __name__ == '__main__':
    main()
