// Package export draws the graph: Graphviz DOT with itkg's visual language
// (node shapes by entity type, edge colours and line styles by polarity and
// modality, a legend and a caption), SVG rendered from it with go-graphviz,
// and the maps gallery.
//
// export works on graph types only; callers choose the facts to draw.
package export
