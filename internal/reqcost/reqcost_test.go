package reqcost

import (
	"context"
	"sync"
	"testing"
	"time"
)

// bucket is a budget of a fixed number of units.
type bucket struct {
	mu   sync.Mutex
	left int
}

func (b *bucket) Reserve(cost int) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if cost > b.left {
		return time.Second, false
	}
	b.left -= cost
	return 0, true
}

func (b *bucket) Refund(cost int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left += cost
}

func TestMeter(t *testing.T) {
	t.Run("OK concurrent reservations take no more than the budget holds", func(t *testing.T) {
		budget := &bucket{left: 100}
		ctx, m := NewContext(context.Background(), budget)
		var wg sync.WaitGroup
		for range 30 {
			wg.Go(func() { Reserve(ctx, 7) })
		}
		wg.Wait()
		if m.Reserved() != 98 || budget.left != 2 {
			t.Fatalf("reserved %d, %d left; want 14 reservations of 7: 98, 2 left", m.Reserved(), budget.left)
		}
	})
	t.Run("OK what was reserved and not spent is given back once", func(t *testing.T) {
		budget := &bucket{left: 100}
		ctx, m := NewContext(context.Background(), budget)
		Reserve(ctx, 30)
		Reserve(ctx, 20)
		Spend(ctx, 30)
		m.Settle()
		if budget.left != 70 || m.Spent() != 30 {
			t.Fatalf("%d left, %d spent; want 70 and 30", budget.left, m.Spent())
		}
	})
	t.Run("ErrBudgetSpent the wait, and nothing reserved", func(t *testing.T) {
		ctx, m := NewContext(context.Background(), &bucket{left: 10})
		if wait, ok := Reserve(ctx, 11); ok || wait != time.Second || m.Reserved() != 0 {
			t.Fatalf("Reserve = %v, %v, reserved %d", wait, ok, m.Reserved())
		}
	})
	t.Run("OK without a meter or a budget anything is admitted", func(t *testing.T) {
		if _, ok := Reserve(context.Background(), 1<<30); !ok {
			t.Error("refused without a meter")
		}
		Spend(context.Background(), 5) // must not panic
		ctx, m := NewContext(context.Background(), nil)
		if _, ok := Reserve(ctx, 1<<30); !ok || m.Reserved() != 1<<30 {
			t.Error("refused without a budget")
		}
		m.Settle() // must not panic
	})
}
