package deploy

import (
	"context"
	"fmt"
	"strings"
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
	from := push.Before
	if strings.Trim(from, "0") == "" {
		// A new branch: GitHub sends forty zeros as "before"; announce the head commit alone.
		from = push.After + "~1"
	}
	commits, err := CommitsBetween(ctx, repoDir, from, push.After)
	if err != nil {
		return fmt.Errorf("list commits of %s: %w", push.Ref, err)
	}
	text := fmt.Sprintf("Deploying %s at %s:\n%s", push.Ref, push.After, strings.Join(commits, "\n"))
	return n.Post(ctx, text)
}
