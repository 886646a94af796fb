package billing

import (
	"context"
	"fmt"
)

type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SendSummary emails the customer the amount and due date of an invoice.
func SendSummary(ctx context.Context, m Mailer, inv Invoice) error {
	subject := fmt.Sprintf("Invoice %s", inv.ID)
	body := fmt.Sprintf("Amount due: %d.00 %s\nDue on: %s\n", inv.Total, inv.Currency, inv.DueDate.Format("2 January 2006"))
	return m.Send(ctx, inv.Customer, subject, body)
}
