"use strict";

function mean(values) {
  if (values.length === 0) return undefined;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Summary of response times in milliseconds. */
function summarize(durationsMs) {
  return {
    count: durationsMs.length,
    meanMs: mean(durationsMs),
    maxMs: durationsMs.length === 0 ? undefined : Math.max(...durationsMs),
  };
}

module.exports = { mean, summarize };
