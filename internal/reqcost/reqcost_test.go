package reqcost

import (
	"context"
	"sync"
	"testing"
)

func TestMeter(t *testing.T) {
	t.Run("AddsConcurrentCosts", func(t *testing.T) {
		ctx, m := NewContext(context.Background())
		var wg sync.WaitGroup
		for range 10 {
			wg.Add(1)
			go func() { defer wg.Done(); Add(ctx, 7) }()
		}
		wg.Wait()
		if got := m.Total(); got != 70 {
			t.Fatalf("Total() = %d, want 70", got)
		}
	})
	t.Run("NoMeterIsANoOp", func(t *testing.T) {
		Add(context.Background(), 5) // must not panic
	})
}
