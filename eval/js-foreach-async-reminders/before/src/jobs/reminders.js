"use strict";

const { reminderText } = require("./reminder-text");

/**
 * Emails a reminder for every invoice that is due and not reminded yet.
 * @returns {Promise<number>} how many reminders were sent
 */
async function sendDueReminders(db, mailer, now = new Date()) {
  const due = await db.invoices.findDue(now);
  let sent = 0;
  for (const invoice of due) {
    await mailer.send(invoice.customerEmail, reminderText(invoice));
    await db.invoices.markReminded(invoice.id, now);
    sent += 1;
  }
  return sent;
}

module.exports = { sendDueReminders };
