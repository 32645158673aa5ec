package store

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The knowledge graph lives in one of two slots: slot 0 under the plain labels (Activity, Project, ...), slot 1
// under the same labels suffixed (Activity_1, ...), each with its own constraints and indexes. The data version
// node says which slot is current. A load writes the other slot in as many transactions as it needs, then switches
// in one small transaction; readers pinned to a version (Pin) keep reading its slot, which the next load clears
// only once DefaultSwitchGrace (Config.SwitchGrace) has passed since the switch.
//
// Every statement of the store is written with the plain labels; rewrite turns it into the slot's, where statements
// are run (read, write, autoCommit), and labelsParam values turn into the slot's labels there too.

// DefaultSwitchGrace is how long the slot a load switched away from stays readable: longer than the request
// timeout (10 s by default) plus the third of it during which a store trusts the data version it read last.
const DefaultSwitchGrace = 15 * time.Second

// LabelSuffix is what the labels and index names of slot end with: "" for slot 0, "_1" for slot 1. Programs that
// query the graph with their own Cypher (the benchmark's peer) add it to the labels they name.
func LabelSuffix(slot int) string {
	switch slot {
	case 0:
		return ""
	case 1:
		return "_1" // without an allocation: rewrite's hot path
	}
	return "_" + strconv.Itoa(slot)
}

// fullTextIndex is the name of the full-text index of slot 0; statements name it as a string literal.
const fullTextIndex = "entity_names"

var isGraphLabel = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range graphLabels {
		m[l] = true
	}
	return m
}()

// rewrite returns query as the statement of slot: each label of the graph (graphLabels) it names gets the slot's
// suffix, and so does the full-text index name in a string literal that is exactly it ('entity_names' or
// "entity_names"). Everything else is copied as it is: relationship types, other labels, variables, property and
// map keys, parameters, dynamic labels ($(...)), comments, other strings and quoted names other than labels (a
// quoted label, :`Country`, is suffixed inside its quotes). Slot 0 is the query itself. A statement with an unterminated string, quoted name or
// block comment is refused: where that text ends would be a guess, and a wrong guess runs against the wrong slot.
//
// It reads the statement as tokens, tracking the brackets it is in and whether it is in a label expression, which
// Cypher 5 opens with ':' or IS after an expression or inside a node pattern, and continues with '&', '|', ':',
// '!', '%' and parentheses. In the type position of a relationship pattern ([r:T|U]) the names are types.
func rewrite(query string, slot int) (string, error) {
	if slot == 0 {
		return query, nil
	}
	r := rewriter{lex: lexer{src: query}, suffix: LabelSuffix(slot), depth: 1}
	for {
		t := r.lex.next()
		if t.kind == tokEnd {
			break
		}
		r.step(t)
	}
	if r.lex.err != nil {
		return "", r.lex.err
	}
	if r.out.Len() == 0 {
		return query, nil // nothing to change
	}
	r.out.WriteString(query[r.last:])
	return r.out.String(), nil
}

// rewrites remembers the statements rewritten for a slot. The service sends the same few statement texts again and
// again, and rewriting one copies it a character at a time: 4 % of the service's CPU on a paths question, whose
// statement is 3 KB. The memory is bounded: past maxRewriteBytes of statements it starts again from empty, so a
// client that varies its selections costs rewrites, never memory.
type rewrites struct {
	mu    sync.RWMutex
	texts map[slotStatement]string
	bytes int
}

type slotStatement struct {
	query string
	slot  int
}

const maxRewriteBytes = 8 << 20

// of returns rewrite(query, slot), from memory when the statement was rewritten before. A refusal is not
// remembered: it is a statement the code should not send.
func (r *rewrites) of(query string, slot int) (string, error) {
	if slot == 0 {
		return query, nil
	}
	key := slotStatement{query, slot}
	r.mu.RLock()
	text, ok := r.texts[key]
	r.mu.RUnlock()
	if ok {
		return text, nil
	}
	text, err := rewrite(query, slot)
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.texts == nil || r.bytes+len(query)+len(text) > maxRewriteBytes {
		r.texts, r.bytes = map[slotStatement]string{}, 0
	}
	if _, ok := r.texts[key]; !ok {
		r.texts[key] = text
		r.bytes += len(query) + len(text)
	}
	return text, nil
}

// schemaName is the name a CREATE CONSTRAINT or CREATE ... INDEX statement gives.
var schemaName = regexp.MustCompile(`^(CREATE\s+(?:[A-Z]+\s+)?(?:CONSTRAINT|INDEX)\s+)(\w+)`)

// schemaStatement returns a schema statement for slot: its labels and name suffixed. A statement about no label of
// the graph (Party, DataVersion, relationship indexes) belongs to no slot: it is returned for slot 0 only. A
// statement rewrite refuses is an error.
func schemaStatement(stmt string, slot int) (string, bool, error) {
	if slot == 0 {
		return stmt, true, nil
	}
	rewritten, err := rewrite(stmt, slot)
	if err != nil || rewritten == stmt {
		return "", false, err
	}
	return schemaName.ReplaceAllString(rewritten, "${1}${2}"+LabelSuffix(slot)), true, nil
}

// kindOfLabel returns the plain label of a graph label of any slot ("Activity_1" gives "Activity"), or "" for a
// label that is none of the graph's.
func kindOfLabel(label string) string {
	if isGraphLabel[label] {
		return label
	}
	if base, slot, ok := strings.Cut(label, "_"); ok && isGraphLabel[base] && slot == "1" {
		return base
	}
	return ""
}

// labelsParam is a query parameter holding plain labels, which the statement receives as the labels of its slot.
type labelsParam []string

// parameters returns params with every labelsParam turned into the labels of slot; params itself is not changed.
func parameters(params map[string]any, slot int) map[string]any {
	var out map[string]any
	for k, v := range params {
		labels, ok := v.(labelsParam)
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(params))
			for k, v := range params {
				out[k] = v
			}
		}
		slotted := make([]string, len(labels))
		for i, l := range labels {
			slotted[i] = l + LabelSuffix(slot)
		}
		out[k] = slotted
	}
	if out == nil {
		return params
	}
	return out
}

// pin is what the reads of one operation share: a data version, the slot it lives in and the token of its
// collaborations projection.
type pin struct {
	version    string
	slot       int
	projection string
}

type pinKey struct{}

// known is the data version a store read last, and when the read was sent.
type known struct {
	pin
	readAt time.Time
}

// Pin returns a context whose reads all go to the data version current now, and that version ("" when nothing is
// loaded). A context pinned already is returned as it is. The version is the one this store read last (the
// background refresher reads it every second, and a load through this store sets it), without a round trip, unless
// that read is older than a third of Config.SwitchGrace: then it is read again. So a reader never starts on a slot
// replaced more than a third of the grace ago, and the two thirds left cover its reads: the slot stays until the
// grace has passed since the switch. When that read fails, Pin returns ctx unpinned, the error, and the version read
// last if any, for answers held already (the response cache serves them while Neo4j is down).
func (s *Store) Pin(ctx context.Context) (context.Context, string, error) {
	if p, ok := ctx.Value(pinKey{}).(pin); ok {
		return ctx, p.version, nil
	}
	p, err := s.current(ctx)
	if err != nil {
		if k := s.known.Load(); k != nil {
			return ctx, k.version, err
		}
		return ctx, "", err
	}
	return context.WithValue(ctx, pinKey{}, p), p.version, nil
}

// withPin returns ctx with its statements run against p's slot.
func withPin(ctx context.Context, p pin) context.Context { return context.WithValue(ctx, pinKey{}, p) }

// pinOf returns the pin of ctx, or the current version's when ctx has none.
func (s *Store) pinOf(ctx context.Context) (pin, error) {
	if p, ok := ctx.Value(pinKey{}).(pin); ok {
		return p, nil
	}
	return s.current(ctx)
}

// current returns the data version read last, or reads it when that read is older than a third of the grace.
func (s *Store) current(ctx context.Context) (pin, error) {
	if k := s.known.Load(); k != nil && time.Since(k.readAt) < s.grace/3 {
		return k.pin, nil
	}
	return s.readVersion(ctx)
}

// remember keeps p as the current version seen by a read sent at readAt, unless a later read has already been kept.
func (s *Store) remember(p pin, readAt time.Time) {
	for {
		old := s.known.Load()
		if old != nil && old.readAt.After(readAt) {
			return
		}
		if s.known.CompareAndSwap(old, &known{pin: p, readAt: readAt}) {
			return
		}
	}
}

// readVersion reads the data version node from a reader and remembers it.
func (s *Store) readVersion(ctx context.Context) (pin, error) {
	sent := time.Now()
	res, err := s.readAs(ctx, "data_version", versionQuery, nil)
	if err != nil {
		return pin{}, fmt.Errorf("read data version: %w", err)
	}
	var p pin
	if len(res.Records) > 0 {
		p = decodePin(res.Records[0].AsMap())
	}
	s.remember(p, sent)
	return p, nil
}

// decodePin reads the version, slot and projection columns of a data version read.
func decodePin(m map[string]any) pin {
	version, _ := m["version"].(string)
	slot, _ := m["slot"].(int64)
	projection, _ := m["projection"].(string)
	return pin{version: version, slot: int(slot), projection: projection}
}

// Slot returns the slot (0 or 1) the current data version lives in, as the database says now.
func (s *Store) Slot(ctx context.Context) (int, error) {
	p, err := s.readVersion(ctx)
	return p.slot, err
}
