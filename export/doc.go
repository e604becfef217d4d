// Package export draws the graph: Graphviz DOT with itkg's visual language
// (node shapes by entity type, edge colours and line styles by polarity and
// modality, a legend and a caption), the graph file formats, and the maps
// gallery. SVG comes from a Renderer: export/wasm draws in this process,
// export/worker in itkg-render helper processes.
//
// export works on graph types only; callers choose the facts to draw.
package export
