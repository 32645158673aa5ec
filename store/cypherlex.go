package store

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
