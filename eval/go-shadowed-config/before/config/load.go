package config

import "os"

// Load returns the default configuration with DATABASE_URL from the environment.
func Load() (*Config, error) {
	cfg := Default()
	cfg.DatabaseURL = os.Getenv("DATABASE_URL")
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}
