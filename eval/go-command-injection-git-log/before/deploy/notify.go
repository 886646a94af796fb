package deploy

import (
	"context"
	"fmt"
)

type PushEvent struct {
	Before string `json:"before"`
	After  string `json:"after"`
	Ref    string `json:"ref"`
}

type Notifier interface {
	Post(ctx context.Context, text string) error
}

func Announce(ctx context.Context, n Notifier, repoDir string, push PushEvent) error {
	return n.Post(ctx, fmt.Sprintf("Deploying %s at %s", push.Ref, push.After))
}
