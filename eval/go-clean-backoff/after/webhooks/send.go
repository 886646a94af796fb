package webhooks

import (
	"context"
	"time"

	"example.com/hooks/retry"
)

type Sender interface {
	Send(ctx context.Context, url string, payload []byte) error
}

var backoff = retry.Backoff{Base: 500 * time.Millisecond, Max: 30 * time.Second, Jitter: 0.2}

// Deliver tries up to three times, waiting longer after each failure.
func Deliver(ctx context.Context, s Sender, url string, payload []byte) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = s.Send(ctx, url, payload); err == nil {
			return nil
		}
		if attempt == 2 {
			break
		}
		timer := time.NewTimer(backoff.Delay(attempt))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
	return err
}
