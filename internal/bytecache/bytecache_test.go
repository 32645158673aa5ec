package bytecache_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cybercoop/cybercoop/internal/bytecache"
)

// weigh counts a key and its value, one byte a character.
func weigh(k, v string) int { return len(k) + len(v) }

// op is one call on the cache: "add" key with a value of size bytes (key included), "get" or "peek" key, "purge".
type op struct {
	do   string
	key  string
	size int
}

func TestCache(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		ops   []op
		kept  []string
		bytes int
	}{
		{"OK within the budget all are kept", []op{{"add", "a", 40}, {"add", "b", 40}}, []string{"a", "b"}, 80},
		{"OK the least recently added goes first", []op{{"add", "a", 40}, {"add", "b", 40}, {"add", "c", 40}}, []string{"b", "c"}, 80},
		{"OK Get makes an entry recently used", []op{{"add", "a", 40}, {"add", "b", 40}, {"get", "a", 0}, {"add", "c", 40}},
			[]string{"a", "c"}, 80},
		{"OK Peek does not", []op{{"add", "a", 40}, {"add", "b", 40}, {"peek", "a", 0}, {"add", "c", 40}},
			[]string{"b", "c"}, 80},
		{"OK a heavy entry drops as many as it needs", []op{{"add", "a", 30}, {"add", "b", 30}, {"add", "c", 30}, {"add", "d", 70}},
			[]string{"c", "d"}, 100},
		{"OK an entry of exactly the budget is kept alone", []op{{"add", "a", 40}, {"add", "b", 100}}, []string{"b"}, 100},
		{"OK adding a key again replaces its value and weight", []op{{"add", "a", 40}, {"add", "b", 40}, {"add", "a", 20}},
			[]string{"a", "b"}, 60},
		{"ErrTooHeavy an entry heavier than the budget is not kept", []op{{"add", "a", 40}, {"add", "b", 101}}, []string{"a"}, 40},
		{"ErrTooHeavy and it drops the value it replaces", []op{{"add", "a", 40}, {"add", "a", 101}}, nil, 0},
		{"OK Purge drops everything", []op{{"add", "a", 40}, {"add", "b", 40}, {"purge", "", 0}}, nil, 0},
		{"OK the cache fills again after Purge", []op{{"add", "a", 40}, {"purge", "", 0}, {"add", "b", 40}}, []string{"b"}, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := bytecache.New(100, weigh)
			for _, o := range tc.ops {
				switch o.do {
				case "add":
					c.Add(ctx, o.key, strings.Repeat("x", o.size-len(o.key)))
				case "get":
					c.Get(ctx, o.key)
				case "peek":
					c.Peek(o.key)
				case "purge":
					c.Purge()
				}
			}
			var kept []string
			for _, k := range []string{"a", "b", "c", "d"} {
				if _, ok := c.Peek(k); ok {
					kept = append(kept, k)
				}
			}
			if !slices.Equal(kept, tc.kept) || c.Bytes() != tc.bytes || c.Len() != len(tc.kept) {
				t.Errorf("kept %v, %d bytes, %d entries; want %v, %d bytes", kept, c.Bytes(), c.Len(), tc.kept, tc.bytes)
			}
		})
	}

	t.Run("OK Get returns the value added", func(t *testing.T) {
		c := bytecache.New(100, weigh)
		c.Add(ctx, "a", "one")
		if v, ok := c.Get(ctx, "a"); !ok || v != "one" {
			t.Errorf("Get = %q, %v", v, ok)
		}
		if v, ok := c.Get(ctx, "b"); ok || v != "" {
			t.Errorf("Get of a missing key = %q, %v", v, ok)
		}
	})
}

// TestCacheConcurrent adds, reads and purges from many goroutines (run it with -race): the budget holds
// throughout and the bookkeeping agrees with what is kept.
func TestCacheConcurrent(t *testing.T) {
	ctx := context.Background()
	const budget = 1000
	c := bytecache.New(budget, weigh)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				key := fmt.Sprint(g, "-", i%50)
				switch i % 7 {
				case 0:
					c.Get(ctx, key)
				case 1:
					c.Peek(key)
				case 2:
					if g == 0 && i%70 == 2 {
						c.Purge()
					}
				default:
					c.Add(ctx, key, strings.Repeat("x", i%120))
				}
				if b := c.Bytes(); b > budget || b < 0 {
					t.Errorf("%d bytes held, budget %d", b, budget)
					return
				}
			}
		})
	}
	wg.Wait()
	held := 0
	for g := range 8 {
		for i := range 50 {
			key := fmt.Sprint(g, "-", i)
			if v, ok := c.Peek(key); ok {
				held += weigh(key, v)
			}
		}
	}
	if held != c.Bytes() {
		t.Errorf("entries weigh %d, the cache counts %d", held, c.Bytes())
	}
}
