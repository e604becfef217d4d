#!/usr/bin/env bash
# install-readers.sh: install, from Debian's package registry, the graph
# readers that the export reader test (export/formats_readers_test.go,
# TestReaders) opens every export format with: networkx (GraphML, GML,
# GEXF, JSON), igraph (GML), rdflib (N-Quads, JSON-LD), pydot (DOT), and
# for citations citeproc-py with the CSL project's styles (CSL-JSON) and
# pybtex (BibTeX), for Debian's /usr/bin/python3. Skips what is already
# there.
# Needs root, or sudo, and Debian's package registry.
set -euo pipefail
py=/usr/bin/python3
want=()
for pair in networkx:python3-networkx rdflib:python3-rdflib igraph:python3-igraph pydot:python3-pydot \
	citeproc:python3-citeproc pybtex:python3-pybtex; do
	mod=${pair%%:*} pkg=${pair#*:}
	if ! "$py" -c "import $mod" >/dev/null 2>&1; then
		want+=("$pkg")
	fi
done
# The APA style the citation tests render with, and the locales it needs.
if [ ! -f /usr/share/citation-style-language/styles/apa.csl ]; then
	want+=(citation-style-language-styles citation-style-language-locales)
fi
if [ ${#want[@]} -eq 0 ]; then
	echo "install-readers: networkx, rdflib, igraph, pydot, citeproc-py, pybtex and the CSL styles already installed for $py"
	exit 0
fi
sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "install-readers: need root or sudo to install ${want[*]}" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# Try the package lists we have before refreshing them.
$sudo apt-get install -y --no-install-recommends "${want[@]}" >/dev/null 2>&1 ||
	{ $sudo apt-get update -qq && $sudo apt-get install -y --no-install-recommends "${want[@]}"; }
"$py" -c 'import networkx, rdflib, igraph, pydot, citeproc, pybtex; print("install-readers: networkx", networkx.__version__, "rdflib", rdflib.__version__, "igraph", igraph.__version__, "pydot", pydot.__version__, "citeproc-py and pybtex")'
