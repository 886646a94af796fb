package config

import (
	"encoding/json"
	"fmt"
	"os"
)

func readFile(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg := Default()
	if err := json.Unmarshal(data, cfg); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return cfg, nil
}

// Load returns the configuration of the file at path (the defaults when path is empty), with
// DATABASE_URL from the environment when the file does not set it.
func Load(path string) (*Config, error) {
	cfg := Default()
	if path != "" {
		cfg, err := readFile(path)
		if err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
		cfg.Source = path
	}
	if cfg.DatabaseURL == "" {
		cfg.DatabaseURL = os.Getenv("DATABASE_URL")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}
