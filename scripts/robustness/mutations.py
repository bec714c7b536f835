"""Hostile JSON values and the mutations the fuzzers apply to valid inputs (seeded: every
choice comes from the `random.Random` passed in)."""
import json


class Raw:
    """JSON text placed as is: numbers JSON allows but Python would not print, deep nesting."""

    def __init__(self, text):
        self.text = text


def to_json(value):
    """JSON text of `value`, with each `Raw` inside written as is."""
    raws = []

    def placeholder(obj):
        if isinstance(obj, Raw):
            raws.append(obj.text)
            return f"@@RAW{len(raws) - 1}@@"
        raise TypeError(type(obj).__name__)

    text = json.dumps(value, default=placeholder)
    for index, raw in enumerate(raws):
        text = text.replace(f'"@@RAW{index}@@"', raw, 1)
    return text


BIG_STRINGS = ["a" * 100_000, "é" * 300_000, "TENANT" * 20_000]
STRINGS = ["", " ", "\u0000", "\ud800", "\udfff\ud800", "\u202e\u202d", "\ufeff", "\U0001F600" * 50, "é" * 1000,
           "${aws:username}", "${*}", "#n", ":v", "*", "arn:aws:iam::123456789012:role/../../x",
           "../../../etc/passwd", "%s%n%x", "' OR '1'='1", "<Error><Code>x</Code></Error>", "\r\nX-Injected: 1",
           "null", "true", "-0", "NaN", "Infinity", "1e999999", "us-east-1:not-a-uuid", "us-east-1_", "a.b.c",
           "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "\\", "\"", "{}", "[]", "\x7f\x1b[31m", "TENANT" * 200]


def hostile_string(rng):
    return rng.choice(BIG_STRINGS) if rng.random() < 0.05 else rng.choice(STRINGS)
NUMBERS = [Raw("0"), Raw("-1"), Raw("-0"), Raw("1.5"), Raw("1e308"), Raw("-1e308"), Raw("1e309"), Raw("1e-400"),
           Raw("9223372036854775807"), Raw("9223372036854775808"), Raw("18446744073709551616"),
           Raw("-9223372036854775809"), Raw("1" + "0" * 40), Raw("0." + "0" * 50 + "1"), Raw("1e999999999"),
           Raw("123456789012345678901234567890123456789.5"), Raw("2147483648"), Raw("-2147483649")]
AV_TAGS = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", "Q", ""]
EXPRESSION_TOKENS = ["(", ")", " AND ", " OR ", " NOT ", " BETWEEN ", " IN ", "#", ":", ".", "[", "]", "[99999999999999999999]",
                     "size(", "attribute_exists(", "attribute_type(", "begins_with(", "contains(", ",", " = ", " <> ", " <= ",
                     "SET ", "REMOVE ", "ADD ", "DELETE ", " + ", " - ", "if_not_exists(", "list_append(", "a" * 300,
                     "9" * 40, "#undefined", ":undefined", "\u0000", "é", "(" * 200, ")" * 200, "[0]" * 100, ".x" * 500]


def deep(depth, leaf="1", open_="[", close="]"):
    return Raw(open_ * depth + leaf + close * depth)


def random_value(rng, depth=0):
    kind = rng.randrange(10)
    if kind == 0:
        return hostile_string(rng)
    if kind == 1:
        return rng.choice(NUMBERS)
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3 and depth < 3:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    if kind == 4 and depth < 3:
        return {rng.choice(["S", "N", "M", "Name", "Value", "x", "", "\u0000"]): random_value(rng, depth + 1)
                for _ in range(rng.randrange(0, 3))}
    if kind == 5:
        return {rng.choice(AV_TAGS): rng.choice(["1", "x", "", [], {}, None, "1e126", "-1e-131", "Zm9v", "!!!", ["a", "a"]])}
    if kind == 6:
        return deep(rng.choice([10, 100, 1000, 10_000]), open_=rng.choice(["[", '{"a":']),
                    close="]" if rng.random() < 0.5 else "}")
    if kind == 7:
        return [rng.choice(["a", 1, None])] * rng.choice([1000, 10_000])
    if kind == 8:
        return "".join(rng.choice(EXPRESSION_TOKENS) for _ in range(rng.randrange(1, 12)))
    return rng.choice([0, "", [], {}, "x"])


def paths(value, prefix=()):
    """Every (path) inside a JSON value, the root's members first."""
    found = []
    if isinstance(value, dict):
        for name, member in value.items():
            found.append(prefix + (name,))
            found += paths(member, prefix + (name,))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            found.append(prefix + (index,))
            found += paths(member, prefix + (index,))
    return found


def get_at(value, path):
    for step in path:
        value = value[step]
    return value


def set_at(value, path, new):
    parent = get_at(value, path[:-1])
    parent[path[-1]] = new


def delete_at(value, path):
    parent = get_at(value, path[:-1])
    if isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])


def mutate_string(rng, text):
    choice = rng.randrange(6)
    if choice == 0 or not text:
        return hostile_string(rng)
    position = rng.randrange(len(text) + 1)
    if choice == 1:
        return text[:position] + rng.choice(EXPRESSION_TOKENS) + text[position:]
    if choice == 2:
        return text[:position] + text[position + rng.randrange(1, 5):]
    if choice == 3:
        return (text * rng.choice([2, 100, 5000]))[:1_000_000]
    if choice == 4:
        return text[:position] + chr(rng.choice([0, 0x7f, 0xd800, 0xfffe, 0x10ffff, rng.randrange(0x110000)])) + text[position:]
    return text.swapcase()


def mutate_json(rng, valid):
    """1 to 3 changes to a copy of `valid`."""
    value = json.loads(json.dumps(valid))
    for _ in range(rng.randrange(1, 4)):
        found = paths(value)
        kind = rng.randrange(8)
        if not found or kind == 0:
            if isinstance(value, dict):
                value[rng.choice(["Extra", "TableName", "__type", "", "\u0000", "x" * 1000])] = random_value(rng)
            continue
        path = rng.choice(found)
        current = get_at(value, path)
        if kind == 1:
            delete_at(value, path)
        elif kind == 2:
            set_at(value, path, random_value(rng))
        elif kind == 3 and isinstance(current, str):
            set_at(value, path, mutate_string(rng, current))
        elif kind == 4 and isinstance(path[-1], str):
            parent = get_at(value, path[:-1])
            new_name = rng.choice([path[-1].lower(), path[-1].upper(), path[-1] + " ", "#" + path[-1], path[-1][:-1]])
            parent[new_name] = parent.pop(path[-1])
        elif kind == 5 and isinstance(current, dict) and len(current) == 1 and next(iter(current)) in AV_TAGS:
            tag, inner = next(iter(current.items()))
            set_at(value, path, {rng.choice(AV_TAGS): inner} if rng.random() < 0.5 else {tag: random_value(rng)})
        elif kind == 6 and isinstance(current, list):
            set_at(value, path, current * rng.choice([0, 2, 100, 1000]))
        elif kind == 7:
            set_at(value, path, [current] if rng.random() < 0.5 else {"wrapped": current})
        else:
            set_at(value, path, rng.choice(NUMBERS) if rng.random() < 0.5 else hostile_string(rng))
    return value
