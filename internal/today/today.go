// Package today carries in a context the UTC day an answer is computed for, so that the HTTP caches that key on
// the day and the resolvers that answer "as of today" agree on it.
package today

import (
	"context"
	"time"
)

type dayKey struct{}

// WithDay returns ctx carrying the UTC day of t, for Day to return.
func WithDay(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, dayKey{}, Of(t))
}

// Day returns the day ctx carries, at midnight UTC, or today's by the system clock when it carries none.
func Day(ctx context.Context) time.Time {
	if day, ok := ctx.Value(dayKey{}).(time.Time); ok {
		return day
	}
	return Of(time.Now())
}

// Of returns midnight UTC of t's UTC day.
func Of(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
