#!/usr/bin/python3
"""Prints the range tables of clients/concert/render/code_point_width.cc.

Zero width: general categories Mn, Me and Cf but U+00AD (the soft hyphen,
which terminals show), and U+1160..U+11FF (Hangul medial vowels and final
consonants). Wide: East Asian Width W or F, and the unassigned code points
of the CJK ideograph blocks and of planes 2 and 3. Ranges are merged across
unassigned code points, so the tables stay short. The Unicode version is
that of this Python's unicodedata.
"""
import unicodedata as u


def zero(cp):
    if cp == 0xAD:
        return False
    if 0x1160 <= cp <= 0x11FF:
        return True
    return u.category(chr(cp)) in ('Mn', 'Me', 'Cf')


def wide(cp):
    if zero(cp):
        return False
    if u.category(chr(cp)) == 'Cn':
        return (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF
                or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFD)
    return u.east_asian_width(chr(cp)) in ('W', 'F')


def ranges(pred):
    out = []
    for cp in range(0x110000):
        if not pred(cp):
            continue
        if out and (out[-1][1] == cp - 1 or all(
                u.category(chr(c)) == 'Cn' for c in range(out[-1][1] + 1, cp))):
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def table(name, rs):
    print('constexpr Range %s[] = {' % name)
    line = '   '
    for r in rs:
        item = ' {0x%04X, 0x%04X},' % r
        if len(line) + len(item) > 80:
            print(line)
            line = '   '
        line += item
    print(line)
    print('};')


print('// Unicode', u.unidata_version)
table('kZeroWidth', ranges(zero))
table('kWide', ranges(wide))
