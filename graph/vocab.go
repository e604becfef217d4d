package graph

import (
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/voc"
	"golang.org/x/text/unicode/norm"
)

// Namespaces of the IRIs itkg writes. Entity and predicate IRIs are bare ids
// (<iran>, <cooperates_with>) so Gizmo queries read like Cayley's own
// examples; everything else is a prefixed IRI that voc can expand, which
// exports such as JSON-LD need.
const (
	NSItkg    = "urn:itkg:vocab:"
	NSFact    = "urn:itkg:fact:"
	NSSource  = "urn:itkg:source:"
	NSTheme   = "urn:itkg:theme:"
	NSType    = "urn:itkg:type:"
	NSCluster = "urn:itkg:cluster:"
	NSMark    = "urn:itkg:mark:"
	// NSEntity is used only when bare entity and predicate IRIs must become
	// absolute (JSON-LD export).
	NSEntity  = "urn:itkg:id:"
	NSRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	NSRDFS    = "http://www.w3.org/2000/01/rdf-schema#"
	NSSchema  = "http://schema.org/"
	NSProv    = "http://www.w3.org/ns/prov#"
	NSDCTerms = "http://purl.org/dc/terms/"
)

func init() {
	for _, p := range []voc.Namespace{
		{Prefix: "itkg:", Full: NSItkg},
		{Prefix: "fact:", Full: NSFact},
		{Prefix: "source:", Full: NSSource},
		{Prefix: "theme:", Full: NSTheme},
		{Prefix: "type:", Full: NSType},
		{Prefix: "cluster:", Full: NSCluster},
		{Prefix: "mark:", Full: NSMark},
		{Prefix: "rdf:", Full: NSRDF},
		{Prefix: "rdfs:", Full: NSRDFS},
		{Prefix: "schema:", Full: NSSchema},
		{Prefix: "prov:", Full: NSProv},
		{Prefix: "dcterms:", Full: NSDCTerms},
	} {
		voc.Register(p)
	}
}

// Predicates and classes of the provenance model (see docs/schema.md).
const (
	RDFType         = quad.IRI("rdf:type")
	RDFSLabel       = quad.IRI("rdfs:label")
	RDFSComment     = quad.IRI("rdfs:comment")
	SchemaAltName   = quad.IRI("schema:alternateName")
	SchemaDesc      = quad.IRI("schema:description")
	ProvDerivedFrom = quad.IRI("prov:wasDerivedFrom")
	DCDate          = quad.IRI("dcterms:date")
	DCTitle         = quad.IRI("dcterms:title")
	DCCreator       = quad.IRI("dcterms:creator")
	DCPublisher     = quad.IRI("dcterms:publisher")
	DCIssued        = quad.IRI("dcterms:issued")
	ClassFact       = quad.IRI("itkg:Fact")
	ClassSource     = quad.IRI("itkg:Source")
	ClassTheme      = quad.IRI("itkg:Theme")
	ClassPredicate  = quad.IRI("itkg:Predicate")
	ClassCluster    = quad.IRI("itkg:Cluster")
	ClassMark       = quad.IRI("itkg:Mark")
	ClassEntityType = quad.IRI("itkg:EntityType")
	PredSubject     = quad.IRI("itkg:subject")
	PredPredicate   = quad.IRI("itkg:predicate")
	PredObject      = quad.IRI("itkg:object")
	PredValue       = quad.IRI("itkg:value")
	PredAmount      = quad.IRI("itkg:amount")
	PredUnit        = quad.IRI("itkg:unit")
	PredQuote       = quad.IRI("itkg:quote")
	PredStart       = quad.IRI("itkg:start")
	PredEnd         = quad.IRI("itkg:end")
	PredApproximate = quad.IRI("itkg:approximate")
	PredTheme       = quad.IRI("itkg:theme")
	PredClaimedBy   = quad.IRI("itkg:claimedBy")
	PredModality    = quad.IRI("itkg:modality")
	PredEvent       = quad.IRI("itkg:event")
	PredNegated     = quad.IRI("itkg:negated")
	// Links between facts (data/links.yaml), written on both facts.
	PredRespondsTo     = quad.IRI("itkg:respondsTo")
	PredRespondedToBy  = quad.IRI("itkg:respondedToBy")
	PredDenies         = quad.IRI("itkg:denies")
	PredDeniedBy       = quad.IRI("itkg:deniedBy")
	PredSupersedes     = quad.IRI("itkg:supersedes")
	PredSupersededBy   = quad.IRI("itkg:supersededBy")
	PredCorroborates   = quad.IRI("itkg:corroborates")
	PredCorroboratedBy = quad.IRI("itkg:corroboratedBy")
	PredStage          = quad.IRI("itkg:stage")
	PredInverse        = quad.IRI("itkg:inverseLabel")
	PredPolarity       = quad.IRI("itkg:polarity")
	PredWeight         = quad.IRI("itkg:weight")
	PredWeightReason   = quad.IRI("itkg:weightReason")
	PredEvidence       = quad.IRI("itkg:evidence")
	PredSymmetric      = quad.IRI("itkg:symmetric")
	PredContradicts    = quad.IRI("itkg:contradicts")
	PredCluster        = quad.IRI("itkg:cluster")
	PredFile           = quad.IRI("itkg:file")
	PredTitlePrinted   = quad.IRI("itkg:titlePrinted")
	PredWindow         = quad.IRI("itkg:window")
	PredNameKey        = quad.IRI("itkg:nameKey")
	// The store's own record of what it holds (see docs/schema.md).
	StoreIRI      = quad.IRI("itkg:store")
	PredOrigin    = quad.IRI("itkg:origin")
	PredDataHash  = quad.IRI("itkg:dataHash")
	PredWrittenAt = quad.IRI("itkg:writtenAt")
)

// EntityIRI is the IRI of an entity (or predicate) id: <iran>.
func EntityIRI(id string) quad.IRI { return quad.IRI(id) }

// FactIRI is the IRI of a fact, also the label of its quads: <fact:ID>.
func FactIRI(id string) quad.IRI { return quad.IRI("fact:" + id) }

// SourceIRI is the IRI of a source: <source:ID>.
func SourceIRI(id string) quad.IRI { return quad.IRI("source:" + id) }

// ThemeIRI is the IRI of a theme: <theme:ID>.
func ThemeIRI(id string) quad.IRI { return quad.IRI("theme:" + id) }

// MarkIRI is the IRI of the mark whose evidence is fact id: <mark:ID>.
// A fact is the evidence of one mark at most.
func MarkIRI(fact string) quad.IRI { return quad.IRI("mark:" + fact) }

// TypeIRI is the IRI of an entity type: <type:person>.
func TypeIRI(t string) quad.IRI { return quad.IRI("type:" + t) }

// ClusterIRI is the IRI of a cluster: <cluster:ID>.
func ClusterIRI(id string) quad.IRI { return quad.IRI("cluster:" + id) }

// NameKey is the form of a name or alias that name lookups match and
// alias uniqueness compares: lower case, outer spaces trimmed, in Unicode
// normal form C. It is the one place names are normalised.
func NameKey(name string) string { return norm.NFC.String(strings.ToLower(strings.TrimSpace(name))) }

// NormName is a name or alias as stored and shown: trimmed, in Unicode
// normal form C, so that a decomposed "Café" is the same name as a
// composed one.
func NormName(name string) string { return norm.NFC.String(strings.TrimSpace(name)) }

// TrimPrefix returns the id of a prefixed IRI ("fact:x" gives "x") and
// whether iri had that prefix.
func TrimPrefix(iri quad.IRI, prefix string) (string, bool) {
	s := string(iri)
	if !strings.HasPrefix(s, prefix) {
		return "", false
	}
	return s[len(prefix):], true
}

// linkPreds maps a link relation to its predicate from the linking fact
// and from the linked one.
var linkPreds = map[string][2]quad.IRI{
	"responds_to":  {PredRespondsTo, PredRespondedToBy},
	"denies":       {PredDenies, PredDeniedBy},
	"supersedes":   {PredSupersedes, PredSupersededBy},
	"corroborates": {PredCorroborates, PredCorroboratedBy},
}

// LinkPredicate is the predicate of a fact's link quad.
func LinkPredicate(l FactLink) quad.IRI {
	p := linkPreds[l.Relation]
	if l.Incoming {
		return p[1]
	}
	return p[0]
}

// LinkOf reads a link quad's predicate back: the relation, whether the
// link is incoming, and whether pred is a link predicate at all.
func LinkOf(pred quad.IRI) (relation string, incoming, ok bool) {
	for r, p := range linkPreds {
		switch pred {
		case p[0]:
			return r, false, true
		case p[1]:
			return r, true, true
		}
	}
	return "", false, false
}
