package batch

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// element marshals as its own index and records where it was marshalled.
type marshalled struct {
	mu      sync.Mutex
	order   []int
	indexes map[int]int // element → the index its field context gave it
}

func (m *marshalled) element(wait func(i int)) func(ctx context.Context, i int) graphql.Marshaler {
	return func(ctx context.Context, i int) graphql.Marshaler {
		if wait != nil {
			wait(i)
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		m.order = append(m.order, i)
		m.indexes[i] = *graphql.GetFieldContext(ctx).Index
		return graphql.MarshalInt(i)
	}
}

func listContext() context.Context {
	quietRecover := func(_ context.Context, p any) error { return fmt.Errorf("panic: %v", p) }
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, quietRecover)
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{})
}

func TestMarshalList(t *testing.T) {
	const n = 6
	check := func(t *testing.T, m *marshalled, got graphql.Array) {
		t.Helper()
		var b strings.Builder
		got.MarshalGQL(&b)
		if b.String() != "[0,1,2,3,4,5]" {
			t.Errorf("list %s, want [0,1,2,3,4,5]", b.String())
		}
		for i := range n {
			if m.indexes[i] != i {
				t.Errorf("element %d marshalled with index %d", i, m.indexes[i])
			}
		}
	}

	t.Run("OK elements that wait on nothing are marshalled in order", func(t *testing.T) {
		m := &marshalled{indexes: map[int]int{}}
		got := MarshalList(listContext(), n, 0, false, m.element(nil))
		check(t, m, got)
		if fmt.Sprint(m.order) != "[0 1 2 3 4 5]" {
			t.Errorf("marshalled in the order %v", m.order)
		}
	})

	t.Run("OK after an element that waited, the rest wait together", func(t *testing.T) {
		m := &marshalled{indexes: map[int]int{}}
		// Element 1 waits as on a round trip; elements 2 to 5 each wait for all four to have started, which they can
		// only do when marshalled concurrently (a loader gathering its keys).
		var started sync.WaitGroup
		started.Add(n - 2)
		together := make(chan struct{})
		go func() { started.Wait(); close(together) }()
		wait := func(i int) {
			switch {
			case i == 1:
				time.Sleep(2 * waitedElement)
			case i > 1:
				started.Done()
				select {
				case <-together:
				case <-time.After(5 * time.Second):
					t.Errorf("element %d waited alone for its siblings", i)
				}
			}
		}
		got := MarshalList(listContext(), n, 0, false, m.element(wait))
		check(t, m, got)
	})

	t.Run("OK an element about to wait on a loader sets its siblings and its enclosing list's going", func(t *testing.T) {
		// Two lists of 3 elements in a list of 3: the first inner element waits for a key from every element of
		// both levels, as a loader gathers them, which only concurrent marshalling of the rest can bring.
		keys := make(chan int, 8)
		inner := func(outer int) func(ctx context.Context, i int) graphql.Marshaler {
			return func(ctx context.Context, i int) graphql.Marshaler {
				if outer != 0 || i != 0 {
					keys <- outer*3 + i
				} else {
					beforeWait(ctx)
					for range 9 - 1 { // the others' keys
						select {
						case <-time.After(5 * time.Second):
							t.Error("the first element waited alone for its siblings' keys")
							return graphql.Null
						case <-keys:
						}
					}
				}
				return graphql.MarshalInt(outer*3 + i)
			}
		}
		got := MarshalList(listContext(), 3, 0, false, func(ctx context.Context, outer int) graphql.Marshaler {
			return MarshalList(ctx, 3, 0, false, inner(outer))
		})
		var b strings.Builder
		got.MarshalGQL(&b)
		if b.String() != "[[0,1,2],[3,4,5],[6,7,8]]" {
			t.Errorf("lists %s", b.String())
		}
	})

	t.Run("OK a panicking element is null with an error", func(t *testing.T) {
		ctx := listContext()
		got := MarshalList(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if i == 1 {
				panic("boom")
			}
			return graphql.MarshalInt(i)
		})
		var b strings.Builder
		got.MarshalGQL(&b)
		if b.String() != "[0,null,2]" {
			t.Errorf("list %s, want [0,null,2]", b.String())
		}
		if errs := graphql.GetErrors(ctx); len(errs) != 1 {
			t.Errorf("errors %v, want the panic's", errs)
		}
	})
}
