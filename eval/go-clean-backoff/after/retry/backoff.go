package retry

import (
	"math/rand/v2"
	"time"
)

// Backoff gives the wait before each retry: Base doubled per attempt, capped at Max, with up to
// Jitter of it taken off at random so that clients do not retry in step.
type Backoff struct {
	Base   time.Duration
	Max    time.Duration
	Jitter float64 // 0..1
}

// Delay is the wait before retry number attempt (0 for the first retry).
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Base
	for i := 0; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	if d > b.Max {
		d = b.Max
	}
	return d - time.Duration(rand.Float64()*b.Jitter*float64(d))
}
