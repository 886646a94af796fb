package config

import (
	"errors"
	"time"
)

type Config struct {
	Listen      string        `json:"listen"`
	ReadTimeout time.Duration `json:"read_timeout"`
	DatabaseURL string        `json:"database_url"`
	Source      string        `json:"-"`
}

func Default() *Config {
	return &Config{Listen: ":8080", ReadTimeout: 10 * time.Second}
}

func (c *Config) Validate() error {
	if c.DatabaseURL == "" {
		return errors.New("database_url is required")
	}
	return nil
}
