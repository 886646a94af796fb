package deploy

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// CommitsBetween returns the one-line summaries of the commits in from..to.
func CommitsBetween(ctx context.Context, repoDir, from, to string) ([]string, error) {
	cmd := exec.CommandContext(ctx, "sh", "-c", "git log --oneline "+from+".."+to)
	cmd.Dir = repoDir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git log: %w", err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n"), nil
}
