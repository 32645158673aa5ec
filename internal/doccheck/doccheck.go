// Package doccheck finds broken relative links in the project's Markdown: a link to a file that does not exist, or
// to a heading (#anchor) that the target does not have, by GitHub's rules for heading anchors. Its test runs it on
// README.md, docs/ and deploy/, so `make test` fails on a broken link.
package doccheck

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Problem is one broken link: the file and line it is written on, the target as written, and what is wrong.
type Problem struct {
	File   string
	Line   int
	Target string
	Reason string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Target, p.Reason)
}

var (
	// inlineLink is [text](target) or ![alt](target), with an optional "title" after the target.
	inlineLink = regexp.MustCompile(`!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	// referenceLink is a reference definition: [label]: target.
	referenceLink = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$`)
	codeSpan      = regexp.MustCompile("`+[^`]*`+")
	heading       = regexp.MustCompile(`^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$`)
	htmlID        = regexp.MustCompile(`<a\s+(?:name|id)="([^"]+)"`)
)

// Check reads each Markdown file (paths relative to root) and returns every broken relative link in it. Links
// with a scheme (https:, mailto:) are not followed; a link to a folder needs the folder to exist.
func Check(root string, files []string) ([]Problem, error) {
	anchors := map[string]map[string]bool{} // Markdown file → its anchors, read once
	anchorsOf := func(path string) (map[string]bool, error) {
		if a, ok := anchors[path]; ok {
			return a, nil
		}
		lines, err := readLines(filepath.Join(root, path))
		if err != nil {
			return nil, err
		}
		anchors[path] = Anchors(lines)
		return anchors[path], nil
	}
	var problems []Problem
	for _, file := range files {
		lines, err := readLines(filepath.Join(root, file))
		if err != nil {
			return nil, err
		}
		for _, l := range Links(lines) {
			bad := func(reason string) {
				problems = append(problems, Problem{File: file, Line: l.Line, Target: l.Target, Reason: reason})
			}
			u, err := url.Parse(l.Target)
			if err != nil {
				bad("not a URL")
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue
			}
			target := file
			if u.Path != "" {
				target = filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(file), u.Path)))
				if strings.HasPrefix(target, "../") {
					bad("points outside the repository")
					continue
				}
				if _, err := os.Stat(filepath.Join(root, target)); err != nil {
					bad("no such file or folder")
					continue
				}
			}
			if u.Fragment == "" {
				continue
			}
			if !strings.HasSuffix(target, ".md") {
				bad("an anchor into a file that is not Markdown")
				continue
			}
			a, err := anchorsOf(target)
			if err != nil {
				return nil, err
			}
			if !a[u.Fragment] {
				bad(fmt.Sprintf("%s has no heading with the anchor #%s", target, u.Fragment))
			}
		}
	}
	return problems, nil
}

// Link is a link target as written, and the line it is on (from 1).
type Link struct {
	Line   int
	Target string
}

// Links returns the targets of the inline links, images and reference definitions of a Markdown text, leaving
// out what is inside code fences and code spans. A link's text may run over several lines.
func Links(lines []string) []Link {
	prose := outsideCode(lines)
	kept := make([]string, len(lines))
	var links []Link
	for i, line := range lines {
		if !prose[i] {
			continue
		}
		kept[i] = codeSpan.ReplaceAllString(line, "")
		if m := referenceLink.FindStringSubmatch(kept[i]); m != nil {
			links = append(links, Link{Line: i + 1, Target: m[1]})
		}
	}
	text := strings.Join(kept, "\n")
	for _, m := range inlineLink.FindAllStringSubmatchIndex(text, -1) {
		line := 1 + strings.Count(text[:m[2]], "\n")
		links = append(links, Link{Line: line, Target: text[m[2]:m[3]]})
	}
	slices.SortStableFunc(links, func(a, b Link) int { return a.Line - b.Line })
	return links
}

// Anchors returns the anchors GitHub gives a Markdown text's headings (see Slug; a repeated slug gets -1, -2, ...)
// and its <a name="..."> or <a id="..."> tags.
func Anchors(lines []string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	prose := outsideCode(lines)
	for i, line := range lines {
		if !prose[i] {
			continue
		}
		for _, m := range htmlID.FindAllStringSubmatch(line, -1) {
			anchors[m[1]] = true
		}
		m := heading.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		slug := Slug(m[1])
		if n := seen[slug]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	}
	return anchors
}

var linkText = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)

// Slug is the anchor GitHub gives a heading: its text without Markdown (links keep their text, code spans their
// content), in lower case, keeping letters, digits, spaces, hyphens and underscores, with each space turned into a
// hyphen. Emphasis marks (*) go with the other punctuation.
func Slug(text string) string {
	text = linkText.ReplaceAllString(text, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// outsideCode tells, line by line, whether a line is outside fenced code blocks (the fences included in the code).
func outsideCode(lines []string) []bool {
	prose := make([]bool, len(lines))
	open := ""
	for i, line := range lines {
		f, bare := fence(line)
		switch {
		case open == "" && f != "":
			open = f
		case open != "" && bare && f[0] == open[0] && len(f) >= len(open):
			open = ""
		case open == "":
			prose[i] = true
		}
	}
	return prose
}

// fence is the code fence on this line (``` or ~~~, as long as written), or ""; bare when nothing follows it, as a
// closing fence must be.
func fence(line string) (f string, bare bool) {
	trimmed := strings.TrimLeft(line, " ")
	if len(line)-len(trimmed) > 3 {
		return "", false
	}
	for _, c := range []string{"`", "~"} {
		rest := strings.TrimLeft(trimmed, c)
		if n := len(trimmed) - len(rest); n >= 3 {
			return strings.Repeat(c, n), strings.TrimSpace(rest) == ""
		}
	}
	return "", false
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}
