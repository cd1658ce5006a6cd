"""Fails when a Python file steps around the type checker: `typing.cast`, `Any`, or a
`# type: ignore` comment. Used by .ci/clients on the flows, which must type-check with
`mypy --strict` from the generated client alone.

    python no_escapes.py flows.py
"""

import ast
import io
import sys
import tokenize

found = 0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    for node in ast.walk(ast.parse(text, path)):
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        alias = node.name if isinstance(node, ast.alias) else None
        if name in ("cast", "Any") or alias in ("cast", "Any"):
            print(f"{path}:{getattr(node, 'lineno', '?')}: uses {name or alias}")
            found += 1
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT and "type:" in token.string and "ignore" in token.string:
            print(f"{path}:{token.start[0]}: {token.string}")
            found += 1
sys.exit(1 if found else 0)
