package gateway

import "testing"

func TestServiceName(t *testing.T) {
	if got := serviceName("/api/billing/invoices"); got != "billing" {
		t.Fatalf("serviceName = %q, want billing", got)
	}
}
