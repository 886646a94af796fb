package webhooks

import (
	"context"
	"time"
)

type Sender interface {
	Send(ctx context.Context, url string, payload []byte) error
}

// Deliver tries up to three times, one second apart.
func Deliver(ctx context.Context, s Sender, url string, payload []byte) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = s.Send(ctx, url, payload); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return err
}
