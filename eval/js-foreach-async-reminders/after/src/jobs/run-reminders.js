"use strict";

const { sendDueReminders } = require("./reminders");

async function runReminders({ db, mailer, log }) {
  const sent = await sendDueReminders(db, mailer);
  log.info({ sent }, "reminders sent");
  await db.close();
}

module.exports = { runReminders };
