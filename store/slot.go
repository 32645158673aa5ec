package store

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
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

// tokenKind is what a token of a statement is; spaces and comments are no tokens.
type tokenKind uint8

const (
	tokEnd    tokenKind = iota // the end of the statement, or the text the lexer refused
	tokName                    // an unquoted name: a keyword, variable, label, type, key or function
	tokQuoted                  // a `quoted name`
	tokString                  // a '...' or "..." literal
	tokNumber
	tokPunct // an operator, bracket or other sign
)

type token struct {
	kind       tokenKind
	start, end int
}

// lexer splits a statement into tokens as Cypher 5's lexer does, as far as labels need: strings end at the first
// quote not escaped by a backslash, quoted names at a backtick not doubled, block comments at the first "*/",
// line comments at CR or LF; names and spaces include the Unicode ones.
type lexer struct {
	src string
	pos int
	err error
}

// next returns the next token, or tokEnd at the end or once err is set.
func (l *lexer) next() token {
	l.skipSpace()
	start := l.pos
	if l.err != nil || start >= len(l.src) {
		return token{tokEnd, start, start}
	}
	c := l.src[start]
	switch {
	case c == '\'' || c == '"':
		for i := start + 1; i < len(l.src); i++ {
			switch l.src[i] {
			case '\\':
				i++ // any character after a backslash is part of the string
			case c:
				l.pos = i + 1
				return token{tokString, start, l.pos}
			}
		}
		return l.refuse("string", start)
	case c == '`':
		for i := start + 1; i < len(l.src); i++ {
			if l.src[i] == '`' {
				if i+1 < len(l.src) && l.src[i+1] == '`' {
					i++ // a doubled backtick is one backtick of the name; a backslash is a backslash
					continue
				}
				l.pos = i + 1
				return token{tokQuoted, start, l.pos}
			}
		}
		return l.refuse("quoted name", start)
	case '0' <= c && c <= '9':
		l.pos = l.number(start + 1)
		return token{tokNumber, start, l.pos}
	}
	r, size := rune(c), 1
	if c >= utf8.RuneSelf {
		r, size = utf8.DecodeRuneInString(l.src[start:])
	}
	if isNameStart(r) {
		l.pos = l.name(start + size)
		return token{tokName, start, l.pos}
	}
	l.pos = start + size
	if size == 1 && l.pos < len(l.src) {
		switch l.src[start : l.pos+1] {
		case "::", "..", "||", "!=", "<>", "<=", ">=", "+=", "=~":
			l.pos++
		}
	}
	return token{tokPunct, start, l.pos}
}

func (l *lexer) refuse(what string, at int) token {
	l.err = fmt.Errorf("unterminated %s at byte %d", what, at)
	return token{tokEnd, at, at}
}

// skipSpace skips spaces and comments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '/' && strings.HasPrefix(l.src[l.pos:], "//"):
			end := strings.IndexAny(l.src[l.pos:], "\r\n")
			if end < 0 {
				end = len(l.src) - l.pos
			}
			l.pos += end
		case c == '/' && strings.HasPrefix(l.src[l.pos:], "/*"):
			end := strings.Index(l.src[l.pos+2:], "*/")
			if end < 0 {
				l.refuse("block comment", l.pos)
				return
			}
			l.pos += 2 + end + 2
		case c < utf8.RuneSelf:
			if !isSpace(rune(c)) {
				return
			}
			l.pos++
		default:
			r, size := utf8.DecodeRuneInString(l.src[l.pos:])
			if !isSpace(r) {
				return
			}
			l.pos += size
		}
	}
}

// name returns the end of the name whose first character ends at i.
func (l *lexer) name(i int) int {
	for i < len(l.src) {
		r, size := rune(l.src[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(l.src[i:])
		}
		if !isNamePart(r) {
			break
		}
		i += size
	}
	return i
}

// number returns the end of the number whose first digit ends at i: like Cypher's lexer, it takes the letters that
// follow (0x1F, 1e-3, 12abc), and a fraction, but not the dots of a range (1..3).
func (l *lexer) number(i int) int {
	for {
		i = l.name(i)
		switch {
		case i+1 < len(l.src) && l.src[i] == '.' && isDigit(l.src[i+1]):
			i += 2
		case i+1 < len(l.src) && (l.src[i] == '-' || l.src[i] == '+') && (l.src[i-1] == 'e' || l.src[i-1] == 'E') &&
			isDigit(l.src[i+1]):
			i += 2
		default:
			return i
		}
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isSpace, isNameStart and isNamePart follow Cypher 5's lexer (SPACE, LETTER, PART_LETTER).
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return 0x2000 <= r && r <= 0x200a
}

func isNameStart(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_'
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.In(r, unicode.Nl, unicode.Pc))
}

func isNamePart(r rune) bool {
	if r < utf8.RuneSelf {
		return isNameStart(r) || '0' <= r && r <= '9' || r == '$' || r <= 0x08 || 0x0e <= r && r <= 0x1b || r == 0x7f
	}
	return isNameStart(r) || r <= 0x9f || unicode.In(r, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Sc, unicode.Cf)
}

// isArrowLine reports whether a token is the line of a relationship pattern: '-' or one of the dashes Cypher also
// takes for it.
func isArrowLine(text string) bool {
	switch text {
	case "-", "\u00ad", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\ufe58", "\ufe63", "\uff0d":
		return true
	}
	return false
}

// frameKind is what a bracket of a statement opens.
type frameKind uint8

const (
	frameBlock   frameKind = iota // the statement, or a subquery: CALL { }, CALL (x) { }, EXISTS, COUNT, COLLECT { }
	frameParen                    // ( ): a node pattern, arguments, a parenthesized expression
	frameGroup                    // ( ) in a label expression: :(A|B)
	frameDynamic                  // $( ), $any( ), $all( ) in a label expression: an expression, no labels
	frameRel                      // [ ] after an arrow line: a relationship pattern
	frameList                     // [ ]: a list, comprehension, index or slice
	frameMap                      // { }: a map, map projection, properties or quantifier
)

// labelState is where a frame is in a label expression.
type labelState uint8

const (
	noLabels        labelState = iota
	labelNext                  // a label, '!', '%', '(' or '$(' comes next
	labelAfter                 // '&', '|' or ':' may continue the expression
	labelDollar                // after '$': '(' or any/all comes next
	labelDollarName            // after $any or $all: '(' comes next
)

// barState is whether a '|' at a frame's level can be the bar of a list or pattern comprehension, reduce or FOREACH,
// after which comes an expression, not labels.
type barState uint8

const (
	noBar barState = iota
	barPending
	barSeen
)

// mapState is where a map frame is in its entries: at a key, after one (a ':' then separates), or in a value.
type mapState uint8

const (
	mapKey mapState = iota
	mapColon
	mapValue
)

type frame struct {
	kind      frameKind
	labels    labelState
	types     bool      // the label expression is a relationship pattern's types
	tokens    int       // the tokens read at this frame's level so far
	first     tokenKind // the first of them
	bar       barState
	entry     mapState
	where     bool // a WHERE at this level
	pattern   bool // a list that may be a pattern comprehension: its bar comes after its WHERE
	callScope bool // the ( of CALL (x) { }: the { after it opens a subquery
	inBar     bool // the ( of reduce or FOREACH: its first IN makes its bar pending
}

// rewriter holds the state of one rewrite: the open brackets, the statement's frame first, and the output, which is
// only written from the first change on. The frames of all but deep nesting are in an array, not allocated.
type rewriter struct {
	lex       lexer
	suffix    string
	frames    [16]frame
	deeper    []frame // frames[depth-len(frames):] when depth > len(frames)
	depth     int
	prev      token
	prevProp  bool // prev is a name after '.' or '$': a property key or parameter
	closeCall bool // the last token closed a CALL scope
	// barAt is the start of the bar barEndsLabels found last, at depth barDepth: the bars before it continue labels.
	barAt, barDepth int
	out             strings.Builder
	last            int // query[:last] is in out
}

// insert writes text into the output at byte at of the query.
func (r *rewriter) insert(at int, text string) {
	if r.out.Len() == 0 {
		r.out.Grow(len(r.lex.src) + 64)
	}
	r.out.WriteString(r.lex.src[r.last:at])
	r.out.WriteString(text)
	r.last = at
}

func (r *rewriter) text(t token) string { return r.lex.src[t.start:t.end] }

func (r *rewriter) is(t token, punct string) bool { return t.kind == tokPunct && r.text(t) == punct }

func (r *rewriter) isWord(t token, keyword string) bool {
	return t.kind == tokName && strings.EqualFold(r.text(t), keyword)
}

// step reads one token in the frame of the innermost open bracket.
func (r *rewriter) step(t token) {
	i := r.depth - 1
	if f := r.frame(i); f.tokens == 0 {
		f.first = t.kind
	}
	closeCall := r.closeCall
	r.closeCall = false
	if !r.label(t) {
		r.plain(t, closeCall)
	}
	if i < r.depth {
		r.frame(i).tokens++
	}
	r.prevProp = t.kind == tokName && (r.is(r.prev, ".") || r.is(r.prev, "$"))
	r.prev = t
}

// label reads t as part of a label expression when the frame is in one, and reports whether it was.
func (r *rewriter) label(t token) bool {
	f := r.frame(r.depth - 1)
	switch f.labels {
	case labelNext:
		switch {
		case t.kind == tokName:
			if !f.types && isGraphLabel[r.text(t)] {
				r.insert(t.end, r.suffix)
			}
			f.labels = labelAfter
		case t.kind == tokQuoted:
			// A quoted label is the same label: `Country` must read slot 1 as Country does.
			if !f.types && isGraphLabel[r.text(t)[1:len(r.text(t))-1]] {
				r.insert(t.end-1, r.suffix)
			}
			f.labels = labelAfter
		case r.is(t, "%"):
			f.labels = labelAfter
		case r.is(t, "!") || r.is(t, ":"): // :!A, and the legacy |:B
		case r.is(t, "("):
			f.labels = labelAfter
			r.push(frame{kind: frameGroup, labels: labelNext, types: f.types})
		case r.is(t, "$"):
			f.labels = labelDollar
		default:
			f.labels = noLabels
			return false
		}
		return true
	case labelDollar, labelDollarName:
		switch {
		case r.is(t, "("):
			f.labels = labelAfter
			r.push(frame{kind: frameDynamic})
			return true
		case f.labels == labelDollar && t.kind == tokName:
			f.labels = labelDollarName
			return true
		}
		f.labels = labelAfter // a parameter alone
		return r.label(t)
	case labelAfter:
		switch {
		case r.is(t, "&") || r.is(t, ":"):
			f.labels = labelNext
		case r.is(t, "|"):
			if r.barEndsLabels(f, t) {
				f.labels, f.bar = noLabels, barSeen
			} else {
				f.labels = labelNext
			}
		case r.is(t, ")") && f.kind == frameGroup:
			r.depth--
		default:
			f.labels = noLabels
			return false
		}
		return true
	}
	return false
}

// plain reads t outside label expressions.
func (r *rewriter) plain(t token, closeCall bool) {
	f := r.frame(r.depth - 1)
	if f.kind == frameMap {
		switch f.entry {
		case mapKey:
			if t.kind == tokName || t.kind == tokQuoted || t.kind == tokNumber {
				f.entry = mapColon // a key, a projected variable or a quantifier's bound: never a label
				return
			}
			f.entry = mapValue
		case mapColon:
			f.entry = mapValue
			if r.is(t, ":") {
				return
			}
		}
		if r.is(t, ",") {
			f.entry = mapKey
			return
		}
	}
	text := r.text(t)
	switch t.kind {
	case tokString:
		if len(text) == len(fullTextIndex)+2 && text[1:len(text)-1] == fullTextIndex {
			r.insert(t.end-1, r.suffix)
		}
	case tokName:
		switch {
		case r.is(r.prev, ".") || r.is(r.prev, "$"): // a property key or a parameter
		case strings.EqualFold(text, "IS"):
			if r.endsOperand() && r.labelsAfterIS() {
				f.labels, f.types = labelNext, r.typePosition(f)
			}
		case strings.EqualFold(text, "IN"):
			if f.bar == noBar && (f.kind == frameList && f.tokens == 1 && f.first == tokName || f.inBar) {
				f.bar = barPending
			}
		case strings.EqualFold(text, "WHERE"):
			f.where = true
		}
	case tokPunct:
		switch text {
		case ":":
			f.labels, f.types = labelNext, r.typePosition(f)
		case "|":
			if f.bar == barPending {
				f.bar = barSeen
			}
		case "(":
			if f.kind == frameList && f.bar == noBar &&
				(f.tokens == 0 || f.tokens == 2 && f.first == tokName && r.is(r.prev, "=")) {
				f.pattern, f.bar = true, barPending
			}
			r.push(frame{kind: frameParen, callScope: r.isWord(r.prev, "CALL"),
				inBar: r.isWord(r.prev, "reduce") || r.isWord(r.prev, "FOREACH")})
		case "[":
			if isArrowLine(r.text(r.prev)) && r.prev.kind == tokPunct {
				r.push(frame{kind: frameRel})
			} else {
				r.push(frame{kind: frameList})
			}
		case "{":
			if closeCall || r.isWord(r.prev, "CALL") || r.isWord(r.prev, "EXISTS") || r.isWord(r.prev, "COUNT") ||
				r.isWord(r.prev, "COLLECT") {
				r.push(frame{kind: frameBlock})
			} else {
				r.push(frame{kind: frameMap})
			}
		case ")":
			r.close(frameParen, frameGroup, frameDynamic)
		case "]":
			r.close(frameRel, frameList, frameList)
		case "}":
			r.close(frameBlock, frameMap, frameMap)
		}
	}
}

// frame returns the frame of depth i (0 is the statement's).
func (r *rewriter) frame(i int) *frame {
	if i < len(r.frames) {
		return &r.frames[i]
	}
	return &r.deeper[i-len(r.frames)]
}

func (r *rewriter) push(f frame) {
	if r.depth < len(r.frames) {
		r.frames[r.depth] = f
	} else {
		r.deeper = append(r.deeper[:r.depth-len(r.frames)], f)
	}
	r.depth++
}

// close closes the innermost open bracket of one of the kinds, and those inside it, which a well-formed statement
// does not have; a closing bracket with none open is ignored.
func (r *rewriter) close(a, b, c frameKind) {
	for i := r.depth - 1; i > 0; i-- {
		if f := r.frame(i); f.kind == a || f.kind == b || f.kind == c {
			r.closeCall = f.callScope
			r.depth = i
			return
		}
	}
}

// typePosition reports whether a label expression that starts now in frame f names relationship types: right after
// the [ of a relationship pattern or its variable.
func (r *rewriter) typePosition(f *frame) bool {
	return f.kind == frameRel && !f.where && (f.tokens == 0 || f.tokens == 1 && (f.first == tokName || f.first == tokQuoted))
}

// endsOperand reports whether the previous token can end an expression, so that an IS after it is a predicate: not a
// keyword that starts an expression or a clause (RETURN is IS NULL).
func (r *rewriter) endsOperand() bool {
	p := r.prev
	switch p.kind {
	case tokQuoted, tokString, tokNumber:
		return true
	case tokPunct:
		text := r.text(p)
		return text == ")" || text == "]" || text == "}"
	case tokName:
		if r.prevProp {
			return true
		}
		for _, keyword := range [...]string{"AND", "OR", "XOR", "NOT", "WHERE", "WHEN", "THEN", "ELSE", "CASE", "RETURN",
			"WITH", "MATCH", "MERGE", "CREATE", "SET", "REMOVE", "DELETE", "UNWIND", "AS", "IN", "BY", "SKIP", "LIMIT",
			"DISTINCT", "YIELD", "STARTS", "ENDS", "CONTAINS"} {
			if strings.EqualFold(r.text(p), keyword) {
				return false
			}
		}
		return true
	}
	return false
}

// labelsAfterIS reports whether the IS just read opens a label expression: not IS [NOT] NULL, IS [NOT] TYPED or ::,
// IS [NOT] [NFC|NFD|NFKC|NFKD] NORMALIZED (Cypher's IS takes none of these words as a label unless quoted).
func (r *rewriter) labelsAfterIS() bool {
	ahead := r.lex
	t := ahead.next()
	if r.is(t, "::") {
		return false
	}
	for _, keyword := range [...]string{"NOT", "NULL", "TYPED", "NORMALIZED", "NFC", "NFD", "NFKC", "NFKD"} {
		if r.isWord(t, keyword) {
			return false
		}
	}
	return true
}

// barEndsLabels reports whether the '|' t, read after a label in frame f, is the bar of a comprehension, reduce or
// FOREACH rather than more labels. Cypher's parser reads more labels when another '|' follows them at this level
// that can be the bar: [n IN ns WHERE n:A|B | n.id] keeps A or B, while in [n IN ns WHERE n:A|B] the bar is the
// one before B, which is then a variable.
func (r *rewriter) barEndsLabels(f *frame, t token) bool {
	if f.bar != barPending || f.pattern && !f.where {
		return false
	}
	if t.start < r.barAt && r.depth == r.barDepth {
		return false // the scan from an earlier bar of these labels passed this one
	}
	ahead := lexer{src: r.lex.src, pos: t.end}
	for {
		u := ahead.next()
		if r.is(u, ":") {
			u = ahead.next()
		}
		// A conjunction of labels: ! ... label ((& | :) ! ... label)*.
		for {
			for r.is(u, "!") {
				u = ahead.next()
			}
			if !r.skipLabel(&ahead, &u) {
				return true
			}
			if !r.is(u, "&") && !r.is(u, ":") {
				break
			}
			u = ahead.next()
		}
		if !r.is(u, "|") {
			return true // no bar after these labels: t is the bar
		}
		// u is a '|': the bar if an expression follows it, else perhaps more labels.
		next := ahead
		if r.startsExpression(next.next()) {
			r.barAt, r.barDepth = u.start, r.depth
			return false
		}
	}
}

func (r *rewriter) startsExpression(t token) bool {
	switch t.kind {
	case tokName, tokQuoted, tokString, tokNumber:
		return true
	case tokPunct:
		switch r.text(t) {
		case "$", "(", "[", "{", "-", "+", ".":
			return true
		}
	}
	return false
}

// skipLabel moves past the label u starts (a name, %, a parenthesized label expression or a dynamic label), leaving
// u at the token after it, and reports whether u started one.
func (r *rewriter) skipLabel(ahead *lexer, u *token) bool {
	switch {
	case u.kind == tokName || u.kind == tokQuoted || r.is(*u, "%"):
		*u = ahead.next()
		return true
	case r.is(*u, "$"):
		*u = ahead.next()
		if u.kind == tokName {
			*u = ahead.next()
			if !r.is(*u, "(") {
				return true // $param
			}
		}
		if !r.is(*u, "(") {
			return false
		}
		fallthrough
	case r.is(*u, "("):
		for depth := 1; depth > 0; {
			switch *u = ahead.next(); {
			case u.kind == tokEnd:
				return false
			case r.is(*u, "("):
				depth++
			case r.is(*u, ")"):
				depth--
			}
		}
		*u = ahead.next()
		return true
	}
	return false
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
