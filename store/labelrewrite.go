package store

import (
	"strings"
)

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
