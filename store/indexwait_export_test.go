package store

import "time"

// SetIndexWait sets how long a load waits for the indexes before its switch, and returns the bound it replaced.
func SetIndexWait(d time.Duration) time.Duration {
	previous := indexWait
	indexWait = d
	return previous
}
