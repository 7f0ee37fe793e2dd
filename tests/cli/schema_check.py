"""schema_check.py SCHEMA DOCUMENT — validates a JSON document yaodian wrote against its JSON
Schema (Draft 2020-12, formats such as "date" checked too) with Debian's python3-jsonschema.
Prints every violation with its place in the document; exits 1 if there is any, 2 if either
file cannot be read or parsed."""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) != 3:
        print("usage: schema_check.py SCHEMA DOCUMENT", file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        with open(sys.argv[2], encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{sys.argv[2]}: {e}", file=sys.stderr)
        return 2
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        where = "/".join(str(p) for p in e.absolute_path) or "(document)"
        print(f"{sys.argv[2]}: {where}: {e.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
