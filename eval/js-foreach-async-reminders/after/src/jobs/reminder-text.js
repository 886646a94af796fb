"use strict";

function reminderText(invoice) {
  const amount = (invoice.amountCents / 100).toFixed(2);
  return `Invoice ${invoice.number} over ${amount} ${invoice.currency} was due on ${invoice.dueDate}.`;
}

module.exports = { reminderText };
