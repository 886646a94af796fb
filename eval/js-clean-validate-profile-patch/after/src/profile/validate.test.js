"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const { validateProfilePatch } = require("./validate");

test("keeps known fields, trimmed", () => {
  assert.deepEqual(validateProfilePatch({ displayName: " Ada " }), { ok: true, changes: { displayName: "Ada" } });
});

test("refuses unknown fields and overlong values", () => {
  const result = validateProfilePatch({ isAdmin: true, bio: "x".repeat(501) });
  assert.deepEqual(result, { ok: false, problems: ["isAdmin cannot be changed", "bio must have 1 to 500 characters"] });
});

test("refuses a body that is not an object", () => {
  assert.equal(validateProfilePatch([]).ok, false);
});
