package retry

import (
	"testing"
	"time"
)

func TestDelayDoublesUpToMax(t *testing.T) {
	b := Backoff{Base: 100 * time.Millisecond, Max: time.Second}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for attempt, ms := range want {
		if got := b.Delay(attempt); got != ms*time.Millisecond {
			t.Errorf("Delay(%d) = %v, want %v", attempt, got, ms*time.Millisecond)
		}
	}
}

func TestDelayStaysCappedForLargeAttempts(t *testing.T) {
	b := Backoff{Base: time.Second, Max: time.Minute}
	if got := b.Delay(100); got != time.Minute {
		t.Errorf("Delay(100) = %v, want %v", got, time.Minute)
	}
}

func TestJitterTakesOffAtMostItsShare(t *testing.T) {
	b := Backoff{Base: time.Second, Max: time.Minute, Jitter: 0.5}
	for i := 0; i < 100; i++ {
		if got := b.Delay(0); got < 500*time.Millisecond || got > time.Second {
			t.Fatalf("Delay(0) = %v, want between 500ms and 1s", got)
		}
	}
}
