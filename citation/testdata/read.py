"""Read itkg's citations back with real readers: pybtex for BibTeX, and
citeproc-py with the Citation Style Language's own APA style for CSL-JSON.
Prints one JSON object with what each reader found."""
import json
import sys

bibtex_path, csl_path, style_path = sys.argv[1:4]

from pybtex.database import parse_file

bib = parse_file(bibtex_path, bib_format="bibtex")
entries = {
    key: {
        "authors": [str(p) for p in e.persons.get("author", [])],
        "year": e.fields.get("year", ""),
        "title": e.fields.get("title", ""),
    }
    for key, e in bib.entries.items()
}

from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                      CitationStylesStyle, formatter)
from citeproc.source.json import CiteProcJSON

with open(csl_path, encoding="utf-8") as f:
    items = json.load(f)
source = CiteProcJSON(items)
style = CitationStylesStyle(style_path, validate=False)
bibliography = CitationStylesBibliography(style, source, formatter.plain)
for item in items:
    bibliography.register(Citation([CitationItem(item["id"])]))
rendered = [str(r) for r in bibliography.bibliography()]

json.dump({"bibtex": entries, "csl": rendered}, sys.stdout)
