package today_test

import (
	"context"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/internal/today"
)

func TestDay(t *testing.T) {
	east := time.FixedZone("UTC+10", 10*60*60)
	for _, tc := range []struct {
		name string
		at   time.Time
		want string
	}{
		{"OK midnight UTC", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "2024-03-01T00:00:00Z"},
		{"OK the last nanosecond of a day", time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC), "2024-02-29T00:00:00Z"},
		{"OK another zone counts by its UTC day", time.Date(2024, 3, 1, 9, 0, 0, 0, east), "2024-02-29T00:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := today.Day(today.WithDay(context.Background(), tc.at))
			if got.Format(time.RFC3339Nano) != tc.want || got.Location() != time.UTC {
				t.Errorf("Day = %s, want %s", got.Format(time.RFC3339Nano), tc.want)
			}
		})
	}
	t.Run("OK without a day, today's", func(t *testing.T) {
		before := today.Of(time.Now())
		got := today.Day(context.Background())
		if after := today.Of(time.Now()); !got.Equal(before) && !got.Equal(after) {
			t.Errorf("Day = %s, want %s", got, before)
		}
		if !got.Equal(today.Of(got)) {
			t.Errorf("Day = %s, not midnight", got)
		}
	})
}
