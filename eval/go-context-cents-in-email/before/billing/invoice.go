package billing

import "time"

// Invoice as stored. Amounts are integers in the currency's minor unit (cents).
type Invoice struct {
	ID       string
	Customer string
	Total    int64
	Currency string
	DueDate  time.Time
}
